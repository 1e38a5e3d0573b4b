package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Acknowledgement lag and slow consumers (spec 1.1 §6.5, §13.2): a {@code status back_pressure}
 * signal with hysteresis, and a client that stops reading is cut off and bounded, never served a gap.
 */
class BackPressureTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("""
      arcp.back-pressure-threshold = 50
      arcp.resume-buffer-max-bytes = 1MiB
      arcp.outbound-buffer-frames = 256
      arcp.replay-window-frames = 128
      """);

  private static String phaseOf(JsonNode frame) {
    return frame.path("payload").path("body").path("phase").asText();
  }

  @Test
  void lagAboveTheThresholdSignalsOnceAndAnAckThatHalvesItClearsAndReArms() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE, "ack");
    client.submit("chatty", WireClient.JSON.readTree("{\"count\": 400, \"interval_ms\": 5}"));
    String jobId = client.expect("job.accepted").path("job_id").asText();

    List<JsonNode> upToSignal = client.until(frame -> phaseOf(frame).equals("back_pressure"));
    JsonNode signal = upToSignal.get(upToSignal.size() - 1);
    assertThat(signal.path("type").asText()).isEqualTo("job.event");
    assertThat(signal.path("job_id").asText()).isEqualTo(jobId);
    assertThat(signal.path("payload").path("kind").asText()).isEqualTo("status");
    // Signalled right after the frames that took the lag above 50 (one by one: seq 52; a loaded
    // node may stamp several at once), saying how many are unacknowledged: all before it.
    long signalSeq = signal.path("event_seq").asLong();
    assertThat(signalSeq).isGreaterThanOrEqualTo(52);
    assertThat(signal.path("payload").path("body").path("message").asText())
        .startsWith((signalSeq - 1) + " events are not acknowledged");
    assertThat(upToSignal).filteredOn(frame -> phaseOf(frame).startsWith("back_pressure")).hasSize(1);

    // Still unacknowledged: no second signal while the lag stays high.
    List<JsonNode> more = client.until(frame -> frame.path("event_seq").asLong() >= 120);
    assertThat(more).noneMatch(frame -> phaseOf(frame).startsWith("back_pressure"));

    client.ack(more.get(more.size() - 1).path("event_seq").asLong());
    List<JsonNode> toClear = client.until(frame -> phaseOf(frame).equals("back_pressure_cleared"));
    assertThat(toClear.get(toClear.size() - 1).path("job_id").asText()).isEqualTo(jobId);

    // Re-armed: falling behind again signals again.
    List<JsonNode> again = client.until(frame -> phaseOf(frame).equals("back_pressure")
        || frame.path("type").asText().equals("job.result"));
    assertThat(phaseOf(again.get(again.size() - 1))).isEqualTo("back_pressure");
  }

  @Test
  void aResumeReplaysFarMoreFramesThanTheTransportQueueHoldsWithoutBeingCutOff() throws Exception {
    WireClient away = NODE.connect();
    JsonNode welcome = away.hello(TestNode.ALICE);
    away.submit("chatty", WireClient.JSON.readTree("{\"count\": 2000}"));
    String jobId = away.expect("job.accepted").path("job_id").asText();
    away.abort();
    WireClient watcher = NODE.connect();
    watcher.hello(TestNode.ALICE, "subscribe");
    watcher.subscribe(jobId, false, 0);
    if (!watcher.expect("job.subscribed").path("payload").path("current_status").asText().equals("success")) {
      watcher.untilTerminal(jobId);
    }

    // 2,002 frames wait for a transport whose queue holds 256.
    WireClient back = NODE.connect();
    back.resume(TestNode.ALICE, welcome.path("session_id").asText(),
        welcome.path("payload").path("resume_token").asText(), 0);
    List<JsonNode> frames = back.untilTerminal(jobId);
    assertThat(frames).hasSize(2002);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).path("event_seq").asLong()).isEqualTo(i + 1);
    }
    assertThat(back.isClosed()).isFalse();
  }

  @Test
  void withoutTheAckFeatureThereIsNoSignal() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    client.submit("chatty", WireClient.JSON.readTree("{\"count\": 200}"));
    String jobId = client.expect("job.accepted").path("job_id").asText();
    assertThat(client.untilTerminal(jobId)).hasSize(202).noneMatch(frame -> phaseOf(frame).startsWith("back"));
  }

  @Test
  void aClientThatStopsReadingIsCutOffAndAResumeThatNeedsEvictedEventsIsRefusedNotGapped() throws Exception {
    WireClient slow = NODE.connect();
    JsonNode welcome = slow.hello(TestNode.ALICE);
    slow.submit("chatty", WireClient.JSON.readTree("{\"count\": 20000, \"pad\": 1000}"));
    String jobId = slow.expect("job.accepted").path("job_id").asText();
    slow.pauseReading();

    // Meanwhile another session is served as usual.
    WireClient other = NODE.connect();
    other.hello(TestNode.BOB, "subscribe");
    other.runEcho(WireClient.JSON.readTree("{\"unaffected\": true}"));

    // Wait for the job to end: its 20 MB of frames cannot all have been queued for the stuck reader.
    WireClient watcher = NODE.connect();
    watcher.hello(TestNode.ALICE, "subscribe");
    watcher.subscribe(jobId, false, 0);
    if (!watcher.expect("job.subscribed").path("payload").path("current_status").asText().equals("success")) {
      watcher.untilTerminal(jobId);
    }

    // Reading again, the client gets what was in flight, then finds its transport closed.
    slow.resumeReading();
    long lastSeq = 0;
    while (!slow.staysQuiet(Duration.ofSeconds(2))) {
      JsonNode frame = slow.next();
      assertThat(frame.path("event_seq").asLong()).isEqualTo(lastSeq + 1);
      lastSeq = frame.path("event_seq").asLong();
    }
    assertThat(slow.isClosed()).as("the stuck reader's transport was closed").isTrue();
    assertThat(lastSeq).isBetween(1L, 20_000L);

    // The frames after lastSeq no longer fit the 1 MiB resume buffer: refused, never a gap.
    WireClient resumed = NODE.connect();
    ObjectNode hello = resumed.helloFrame(TestNode.ALICE);
    ((ObjectNode) hello.path("payload")).putObject("resume")
        .put("session_id", welcome.path("session_id").asText())
        .put("resume_token", welcome.path("payload").path("resume_token").asText())
        .put("last_event_seq", lastSeq);
    resumed.sendRaw(hello);
    resumed.expectSessionError("RESUME_WINDOW_EXPIRED");
  }
}
