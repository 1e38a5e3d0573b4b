package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as a real process: killed with SIGKILL mid-job, or stopped with SIGTERM, then started
 * again on the same data directory. Nothing a client was sent is lost, and no job stays running.
 */
class ProcessCrashTest {
  @TempDir
  Path workDir;

  /** What a client knew when its node went away. */
  private record Before(String sessionId, String token, String tickerJob, String sleeperJob, long lastSeq,
      JsonNode echoAccepted, JsonNode echoResult, ObjectNode echoSubmit) {}

  private Before runJobsThen(NodeProcess node) throws Exception {
    try (WireClient client = node.connect()) {
      String token = client.hello(TestNode.ALICE, "ack", "progress").path("payload").path("resume_token").asText();
      ObjectNode echo = WireClient.JSON.createObjectNode().put("agent", "echo").put("idempotency_key", "k-1");
      echo.putObject("input").put("order", 1);
      client.sendRaw(client.envelope("job.submit", echo));
      JsonNode echoAccepted = client.expect("job.accepted");
      List<JsonNode> echoFrames = client.untilTerminal(echoAccepted.path("job_id").asText());

      client.submit("sleeper", WireClient.json("{}"));
      String sleeperJob = acceptedJobId(client);
      client.submit("ticker", WireClient.json("{\"count\":12,\"interval_ms\":250}"));
      String tickerJob = acceptedJobId(client);
      JsonNode last = null;
      int ticks = 0;
      while (ticks < 3) {
        last = client.next();
        if (last.path("payload").path("kind").asText().equals("progress")) {
          ticks++;
        }
      }
      return new Before(client.sessionId(), token, tickerJob, sleeperJob, last.path("event_seq").asLong(),
          echoAccepted, echoFrames.get(echoFrames.size() - 1), echo);
    }
  }

  /** The next acceptance's job id, skipping frames of jobs already running. */
  private static String acceptedJobId(WireClient client) {
    List<JsonNode> frames = client.until(frame -> frame.path("type").asText().equals("job.accepted"));
    return frames.get(frames.size() - 1).path("job_id").asText();
  }

  private void assertNothingLostAfterRestart(Path dataDir, Before before) throws Exception {
    try (NodeProcess node = NodeProcess.start(dataDir);
        WireClient client = node.connect()) {
      ObjectNode hello = WireClient.helloPayload(TestNode.ALICE, "ack", "progress");
      hello.putObject("resume").put("session_id", before.sessionId()).put("resume_token", before.token())
          .put("last_event_seq", before.lastSeq());
      client.welcome(client.sendRaw(client.envelope("session.hello", hello)));

      List<JsonNode> frames = new ArrayList<>();
      JsonNode tickerEnd = null;
      JsonNode sleeperEnd = null;
      while (tickerEnd == null || sleeperEnd == null) {
        JsonNode frame = client.next();
        frames.add(frame);
        boolean terminal = !frame.path("type").asText().equals("job.event");
        if (terminal && frame.path("job_id").asText().equals(before.tickerJob())) {
          tickerEnd = frame;
        } else if (terminal && frame.path("job_id").asText().equals(before.sleeperJob())) {
          sleeperEnd = frame;
        }
      }
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i).path("event_seq").asLong()).as("gap-free after %s", before.lastSeq())
            .isEqualTo(before.lastSeq() + 1 + i);
      }
      assertThat(tickerEnd.path("payload").path("result").toString()).isEqualTo("{\"ticks\":12}");
      assertThat(sleeperEnd.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
      assertThat(sleeperEnd.path("payload").path("retryable").asBoolean()).isTrue();

      client.sendRaw(client.envelope("job.submit", before.echoSubmit()));
      assertThat(client.expect("job.accepted").path("payload")).isEqualTo(before.echoAccepted().path("payload"));
      assertThat(client.next().path("payload")).isEqualTo(before.echoResult().path("payload"));
    }
  }

  @Test
  void afterKillNineEverySentFrameRunningJobAndIdempotencyRecordSurvives() throws Exception {
    Path dataDir = workDir.resolve("data");
    Before before;
    try (NodeProcess node = NodeProcess.start(dataDir)) {
      before = runJobsThen(node);
      node.kill();
    }
    assertNothingLostAfterRestart(dataDir, before);
  }

  @Test
  void sigtermStopsTheNodeGracefullyAndASecondStartRecoversEverything() throws Exception {
    Path dataDir = workDir.resolve("data");
    Before before;
    try (NodeProcess node = NodeProcess.start(dataDir)) {
      before = runJobsThen(node);
      // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks (Pekko's coordinated
      // shutdown) have run to completion.
      assertThat(node.terminate()).as("exit status after SIGTERM").isIn(0, 143);
      assertThat(node.log()).contains("ARCP node stopping");
    }
    assertNothingLostAfterRestart(dataDir, before);
  }
}
