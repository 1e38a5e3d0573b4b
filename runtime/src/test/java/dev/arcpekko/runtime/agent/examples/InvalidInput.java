package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;

/** The assertion that an example agent refuses an input as the client's mistake. */
final class InvalidInput {

  private InvalidInput() {}

  /** Runs {@code agent} on {@code input} and expects INVALID_REQUEST with exactly {@code message}. */
  static void assertRefused(Agent agent, String input, String message) {
    RecordingJobContext context =
        RecordingJobContext.firstRun(agent.name() + "@" + agent.defaultVersion(), Json.parse(input));

    assertThatThrownBy(() -> agent.run(context)).isInstanceOfSatisfying(AgentFailure.class, f -> {
      assertThat(f.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(f.error().retryable()).isFalse();
      assertThat(f.error().message()).isEqualTo(message);
    });
    assertThat(context.events()).isEmpty();
  }
}
