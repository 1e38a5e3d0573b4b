package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a node and starting a new one on the same data directory loses nothing: sessions resume
 * gap-free, running jobs are re-run from their checkpoint or end with a retryable error, and
 * idempotency records survive.
 */
class RestartDurabilityTest {
  @TempDir
  Path dataDir;

  /** Where a client stood when its node stopped: its session, token, job and last seq seen. */
  private record Interrupted(String sessionId, String token, String jobId, long lastSeq) {}

  /**
   * Submits {@code agent} with {@code input} on a fresh node, reads the acceptance and
   * {@code framesSeen} frames, then stops the node; the last frame read is the client's cursor.
   */
  private Interrupted runThenStop(String agent, String input, int framesSeen) throws Exception {
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      String token = client.hello(TestNode.ALICE, "ack", "progress").path("payload").path("resume_token").asText();
      client.submit(agent, WireClient.JSON.readTree(input));
      String jobId = client.next().path("job_id").asText();
      JsonNode last = null;
      for (int i = 0; i < framesSeen; i++) {
        last = client.next();
      }
      return new Interrupted(client.sessionId(), token, jobId, last.path("event_seq").asLong());
    }
  }

  /** Restarts a node on the same data, resumes the session and reads the job to its end. */
  private List<JsonNode> resumeAfterRestart(Interrupted interrupted) throws Exception {
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      ObjectNode hello = WireClient.helloPayload(TestNode.ALICE, "ack", "progress");
      hello.putObject("resume").put("session_id", interrupted.sessionId()).put("resume_token", interrupted.token())
          .put("last_event_seq", interrupted.lastSeq());
      JsonNode welcome = client.welcome(client.sendRaw(client.envelope("session.hello", hello)));
      assertThat(welcome.path("session_id").asText()).isEqualTo(interrupted.sessionId());
      List<JsonNode> frames = client.untilTerminal(interrupted.jobId());
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i).path("event_seq").asLong()).isEqualTo(interrupted.lastSeq() + 1 + i);
      }
      return frames;
    }
  }

  @Test
  void aRestartableJobResumesFromItsCheckpointAndTheSessionResumesGapFree() throws Exception {
    Interrupted interrupted = runThenStop("ticker", "{\"count\":8,\"interval_ms\":150}", 2);
    List<JsonNode> frames = resumeAfterRestart(interrupted);
    assertThat(frames).anySatisfy(frame ->
        assertThat(frame.path("payload").path("body").path("phase").asText()).isEqualTo("restarted"));
    List<Integer> ticks = frames.stream()
        .filter(frame -> frame.path("payload").path("kind").asText().equals("progress"))
        .map(frame -> frame.path("payload").path("body").path("current").asInt())
        .toList();
    assertThat(ticks).endsWith(8).doesNotHaveDuplicates();
    assertThat(ticks.get(0)).isGreaterThan(1);
    assertThat(frames.get(frames.size() - 1).path("payload").path("result").toString()).isEqualTo("{\"ticks\":8}");
  }

  @Test
  void aJobWhoseAgentIsNotRestartableEndsWithARetryableInternalError() throws Exception {
    Interrupted interrupted = runThenStop("sleeper", "{}", 1);
    List<JsonNode> frames = resumeAfterRestart(interrupted);
    JsonNode error = frames.get(frames.size() - 1);
    assertThat(frames).hasSize(1);
    assertThat(error.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(error.path("payload").path("retryable").asBoolean()).isTrue();
  }

  @Test
  void idempotencySurvivesARestart() throws Exception {
    ObjectNode submit = WireClient.JSON.createObjectNode().put("agent", "echo").put("idempotency_key", "order-42");
    submit.set("input", WireClient.JSON.readTree("{\"n\":42}"));
    JsonNode firstAccepted;
    JsonNode firstResult;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE);
      client.sendRaw(client.envelope("job.submit", submit));
      firstAccepted = client.next();
      List<JsonNode> frames = client.untilTerminal(firstAccepted.path("job_id").asText());
      firstResult = frames.get(frames.size() - 1);
    }
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE);
      client.sendRaw(client.envelope("job.submit", submit));
      JsonNode again = client.next();
      assertThat(again.path("type").asText()).isEqualTo("job.accepted");
      assertThat(again.path("payload")).isEqualTo(firstAccepted.path("payload"));
      JsonNode terminal = client.next();
      assertThat(terminal.path("type").asText()).isEqualTo("job.result");
      assertThat(terminal.path("job_id").asText()).isEqualTo(firstAccepted.path("job_id").asText());
      assertThat(terminal.path("payload")).isEqualTo(firstResult.path("payload"));
    }
  }

  @Test
  void aSubscriptionSurvivesARestartAndItsSessionResumesGapFreeThroughTheTerminal() throws Exception {
    String jobId;
    String ownerSession;
    String ownerToken;
    String watcherSession;
    String watcherToken;
    long watcherSeq;
    long ownerSeq;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient owner = node.connect();
        WireClient watcher = node.connect()) {
      ownerToken = owner.hello(TestNode.ALICE, "progress").path("payload").path("resume_token").asText();
      ownerSession = owner.sessionId();
      owner.submit("ticker", WireClient.JSON.readTree("{\"count\":12,\"interval_ms\":150}"));
      jobId = owner.expect("job.accepted").path("job_id").asText();
      watcherToken = watcher.hello(TestNode.ALICE, "subscribe").path("payload").path("resume_token").asText();
      watcherSession = watcher.sessionId();
      watcher.subscribe(jobId, true, 0);
      watcher.expect("job.subscribed");
      List<JsonNode> seen = watcher.until(frame -> frame.path("payload").path("body").path("current").asInt() == 3);
      watcherSeq = seen.get(seen.size() - 1).path("event_seq").asLong();
      ownerSeq = owner.until(frame -> frame.path("payload").path("body").path("current").asInt() == 3)
          .stream().reduce((a, b) -> b).orElseThrow().path("event_seq").asLong();
    }
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient owner = node.connect();
        WireClient watcher = node.connect()) {
      owner.resume(TestNode.ALICE, ownerSession, ownerToken, ownerSeq, "progress");
      watcher.resume(TestNode.ALICE, watcherSession, watcherToken, watcherSeq, "subscribe");
      List<JsonNode> ownerFrames = owner.untilTerminal(jobId);
      List<JsonNode> watcherFrames = watcher.untilTerminal(jobId);
      for (int i = 0; i < watcherFrames.size(); i++) {
        assertThat(watcherFrames.get(i).path("event_seq").asLong()).isEqualTo(watcherSeq + 1 + i);
      }
      assertThat(watcherFrames.stream().map(frame -> frame.path("payload")).toList())
          .isEqualTo(ownerFrames.stream().map(frame -> frame.path("payload")).toList());
      assertThat(watcherFrames.get(watcherFrames.size() - 1).path("payload").path("result").toString())
          .isEqualTo("{\"ticks\":12}");
    }
  }
}
