package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import org.junit.jupiter.api.Test;

class FailerAgentTest {

  @Test
  void throwsAnOrdinaryExceptionSoTheJobEndsWithInternalError() {
    RecordingJobContext context = RecordingJobContext.firstRun("failer@1.0.0", Json.parse("null"));

    assertThatThrownBy(() -> new FailerAgent().run(context))
        .isInstanceOf(RuntimeException.class)
        .isNotInstanceOf(AgentFailure.class)
        .hasMessage("failer always fails");
  }
}
