package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.event.ProgressBody;
import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TickerAgentTest {
  private final TickerAgent ticker = new TickerAgent();

  private static RecordingJobContext ticking(String input) {
    return RecordingJobContext.firstRun("ticker@1.0.0", Json.parse(input));
  }

  private static List<ProgressBody> progress(RecordingJobContext context) {
    assertThat(context.events()).hasOnlyElementsOfType(ProgressBody.class);
    return context.events().stream().map(ProgressBody.class::cast).toList();
  }

  private static List<JsonNode> ticks(long... ticks) {
    return Arrays.stream(ticks).mapToObj(t -> Json.parse("{'tick': " + t + "}")).toList();
  }

  @Test
  void emitsOneProgressEventPerTickFromOneToCountOutOfCount() throws Exception {
    RecordingJobContext context = ticking("{'count': 4, 'interval_ms': 0}");

    ticker.run(context);

    assertThat(progress(context)).extracting(p -> p.current().longValueExact())
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(progress(context)).extracting(p -> p.total().orElseThrow().longValueExact())
        .containsOnly(4L);
  }

  @Test
  void withoutTheProgressFeatureItTicksSilentlyAndStillCheckpoints() throws Exception {
    RecordingJobContext context = ticking("{'count': 3, 'interval_ms': 0}")
        .negotiating(java.util.Set.of(dev.arcpekko.protocol.message.Feature.ACK));

    assertThat(ticker.run(context).toString()).isEqualTo("{\"ticks\":3}");
    assertThat(context.events()).isEmpty();
    assertThat(context.checkpoints()).extracting(Json::reread).isEqualTo(ticks(1, 2, 3));
  }

  @Test
  void checkpointsEveryTickAndReturnsTheTickCount() throws Exception {
    RecordingJobContext context = ticking("{'count': 3, 'interval_ms': 0}");

    JsonNode result = ticker.run(context);

    assertThat(context.checkpoints()).extracting(Json::reread).isEqualTo(ticks(1, 2, 3));
    assertThat(Json.reread(result)).isEqualTo(Json.parse("{'ticks': 3}"));
  }

  @Test
  void zeroCountReturnsAtOnceWithoutEvents() throws Exception {
    RecordingJobContext context = ticking("{'count': 0}");

    JsonNode result = ticker.run(context);

    assertThat(context.events()).isEmpty();
    assertThat(Json.reread(result)).isEqualTo(Json.parse("{'ticks': 0}"));
  }

  @Test
  void ticksAreIntervalApart() throws Exception {
    RecordingJobContext context = ticking("{'count': 3, 'interval_ms': 40}");

    long started = System.nanoTime();
    ticker.run(context);

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(120));
  }

  @Test
  void restartResumesAfterTheLastCheckpointedTick() throws Exception {
    RecordingJobContext restarted =
        ticking("{'count': 5, 'interval_ms': 0}").restartedFrom(Json.parse("{'tick': 2}"));

    JsonNode result = ticker.run(restarted);

    assertThat(progress(restarted)).extracting(p -> p.current().longValueExact())
        .containsExactly(3L, 4L, 5L);
    assertThat(restarted.checkpoints()).extracting(Json::reread).isEqualTo(ticks(3, 4, 5));
    assertThat(Json.reread(result)).isEqualTo(Json.parse("{'ticks': 5}"));
  }

  @Test
  void isRestartableAndHasNoHeartbeatTimeout() {
    assertThat(ticker.restartable()).isTrue();
    assertThat(ticker.heartbeatTimeout()).isEmpty();
  }

  @Test
  void cancelledJobEmitsNoFurtherTick() {
    RecordingJobContext context = ticking("{'count': 3, 'interval_ms': 0}");
    context.cancel();

    assertThatThrownBy(() -> ticker.run(context))
        .isInstanceOf(InterruptedException.class);
    assertThat(context.events()).isEmpty();
  }

  @Test
  void cancellationInterruptsTheWaitForTheNextTick() throws Exception {
    RecordingJobContext context = ticking("{'count': 2, 'interval_ms': 600000}");
    RunningAgent running = RunningAgent.start(ticker, context);

    running.cancel();

    assertThat(running.endsWithin(Duration.ofSeconds(5))).isTrue();
    assertThat(context.events()).isEmpty();
    assertThat(running.outcome()).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(InterruptedException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'interval_ms': 10}             | input.count: required field is missing",
      "{'count': -1}                   | input.count: must be at least 0, got -1",
      "{'count': 1.5}                  | input.count: expected an integer, got a number",
      "{'count': '3'}                  | input.count: expected an integer, got a string",
      "{'count': 3, 'interval_ms': -5} | input.interval_ms: must be at least 0, got -5",
      "{'count': 3, 'interval_ms': 'x'} | input.interval_ms: expected an integer, got a string",
      "null                            | input: expected an object, got null",
      "[3]                             | input: expected an object, got an array",
  })
  void invalidInputIsRefusedAsInvalidRequest(String input, String message) {
    InvalidInput.assertRefused(ticker, input, message);
  }
}
