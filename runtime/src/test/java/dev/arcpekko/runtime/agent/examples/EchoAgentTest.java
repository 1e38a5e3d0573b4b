package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoAgentTest {
  private final EchoAgent echo = new EchoAgent();

  @ParameterizedTest
  @ValueSource(strings = {"1.0.0", "2.0.0"})
  void returnsTheInputAndTheResolvedVersion(String version) {
    RecordingJobContext context =
        RecordingJobContext.firstRun("echo@" + version, Json.parse("{'text': 'hi', 'n': [1, 2]}"));

    assertThat(echo.run(context)).isEqualTo(
        Json.parse("{'input': {'text': 'hi', 'n': [1, 2]}, 'version': '" + version + "'}"));
    assertThat(context.events()).isEmpty();
  }

  @Test
  void absentInputIsEchoedAsJsonNull() {
    RecordingJobContext context = RecordingJobContext.firstRun("echo@2.0.0", Json.parse("null"));

    assertThat(echo.run(context)).isEqualTo(Json.parse("{'input': null, 'version': '2.0.0'}"));
  }
}
