package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SleeperAgentTest {
  private final SleeperAgent sleeper = new SleeperAgent();

  private static RecordingJobContext sleeping(String input) {
    return RecordingJobContext.firstRun("sleeper@1.0.0", Json.parse(input));
  }

  @Test
  void sleepsAtLeastMsThenReturnsSleptMs() throws Exception {
    long started = System.nanoTime();
    JsonNode result = sleeper.run(sleeping("{'ms': 50}"));

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(Json.reread(result)).isEqualTo(Json.parse("{'slept_ms': 50}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "{}", "{'ms': null}"})
  void withoutMsWaitsUntilCancelledThenStopsPromptly(String input) throws Exception {
    RunningAgent running = RunningAgent.start(sleeper, sleeping(input));
    assertThat(running.endsWithin(Duration.ofMillis(200))).isFalse();

    running.cancel();

    assertThat(running.endsWithin(Duration.ofSeconds(5))).isTrue();
    assertThat(running.outcome()).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(InterruptedException.class);
  }

  @Test
  void stopsWhenCancelledEvenWithoutAnInterrupt() throws Exception {
    RecordingJobContext context = sleeping("{}");
    RunningAgent running = RunningAgent.start(sleeper, context);

    context.cancel();

    assertThat(running.endsWithin(Duration.ofSeconds(5))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'ms': -1}   | input.ms: must be at least 0, got -1",
      "{'ms': 2.5}  | input.ms: expected an integer, got a number",
      "{'ms': '10'} | input.ms: expected an integer, got a string",
      "[10]         | input: expected an object, got an array",
  })
  void invalidMsIsRefusedAsInvalidRequest(String input, String message) {
    InvalidInput.assertRefused(sleeper, input, message);
  }
}
