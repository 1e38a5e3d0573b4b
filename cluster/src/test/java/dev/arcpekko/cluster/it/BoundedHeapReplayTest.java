package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process whose heap is smaller than a job's history replays that history to a late
 * subscriber: the replay is streamed from the journal, never loaded whole (spec 1.1 §7.6).
 */
class BoundedHeapReplayTest {
  private static final int LINES = 40_000;
  private static final int PAD = 5_000;

  @TempDir
  Path workDir;

  /** Reads the job's frames through its terminal, checking order; returns how many there were. */
  private static long readAll(WireClient client, String jobId) {
    long expectedSeq = 0;
    long line = 0;
    long frames = 0;
    while (true) {
      JsonNode frame = client.next();
      if (!frame.has("event_seq")) {
        continue;
      }
      long seq = frame.path("event_seq").asLong();
      assertThat(expectedSeq == 0 || seq == expectedSeq).as("seq %d after %d", seq, expectedSeq - 1).isTrue();
      expectedSeq = seq + 1;
      if (seq % 200 == 0) {
        client.ack(seq);
      }
      String phase = frame.path("payload").path("body").path("phase").asText();
      if (phase.startsWith("back_pressure")) {
        continue;
      }
      assertThat(frame.path("job_id").asText()).isEqualTo(jobId);
      frames++;
      if (frame.path("type").asText().equals("job.result")) {
        assertThat(line).isEqualTo(LINES);
        return frames;
      }
      String message = frame.path("payload").path("body").path("message").asText();
      if (message.startsWith("line ")) {
        assertThat(message).startsWith("line " + ++line + " ");
      }
    }
  }

  @Test
  void aHistoryLargerThanTheHeapIsStreamedToALateSubscriber() throws Exception {
    Path config = workDir.resolve("small.conf");
    // Sized for a small heap: 2 MiB resume buffers, at most 1 MiB handed to a transport ahead of it.
    java.nio.file.Files.writeString(config, """
        arcp.resume-buffer-max-bytes = 2MiB
        arcp.outbound-buffer-frames = 1024
        arcp.replay-window-frames = 256
        """);
    try (NodeProcess node = NodeProcess.start(workDir.resolve("data"), "192m", "--config", config.toString())) {
      try {
        replayOn(node);
      } catch (AssertionError failure) {
        String log = node.log();
        throw new AssertionError(failure.getMessage() + "\n--- node log (end) ---\n"
            + log.substring(Math.max(0, log.length() - 6000)), failure);
      }
      assertThat(node.log()).doesNotContain("OutOfMemoryError");
    }
  }

  private static void replayOn(NodeProcess node) throws Exception {
    {
      String jobId;
      try (WireClient owner = node.connect()) {
        owner.hello(TestNode.ALICE, "ack");
        owner.submit("chatty", WireClient.json("{\"count\": " + LINES + ", \"pad\": " + PAD + "}"));
        jobId = owner.expect("job.accepted").path("job_id").asText();
        assertThat(readAll(owner, jobId)).isEqualTo(LINES + 2);
      }

      try (WireClient late = node.connect(); WireClient other = node.connect()) {
        late.hello(TestNode.ALICE, "subscribe", "ack");
        other.hello(TestNode.BOB);
        long started = System.nanoTime();
        late.subscribe(jobId, true, 0);
        late.expect("job.subscribed");
        other.runEcho(WireClient.json("{\"during\": \"a large replay\"}"));
        assertThat(readAll(late, jobId)).isEqualTo(LINES + 2);
        System.out.printf("[replay] %d frames of %d bytes replayed by a 192 MiB node in %d ms%n", LINES + 2,
            PAD, Duration.ofNanos(System.nanoTime() - started).toMillis());
      }
    }
  }
}
