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

  private static ObjectNode resume(String sessionId, String token, long lastSeq) {
    ObjectNode payload = WireClient.helloPayload(TestNode.ALICE, "ack");
    payload.putObject("resume").put("session_id", sessionId).put("resume_token", token).put("last_event_seq", lastSeq);
    return payload;
  }

  @Test
  void aRestartableJobResumesFromItsCheckpointAndTheSessionResumesGapFree() throws Exception {
    String sessionId;
    String token;
    String jobId;
    long lastSeq;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      token = client.hello(TestNode.ALICE, "ack", "progress").path("payload").path("resume_token").asText();
      sessionId = client.sessionId();
      client.submit("ticker", WireClient.JSON.readTree("{\"count\":8,\"interval_ms\":150}"));
      jobId = client.next().path("job_id").asText();
      client.next();
      JsonNode tick1 = client.next();
      JsonNode tick2 = client.next();
      assertThat(tick2.path("payload").path("body").path("current").asInt()).isEqualTo(2);
      lastSeq = tick1.path("event_seq").asLong();
    }
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      JsonNode welcome = client.welcome(client.sendRaw(client.envelope("session.hello", resume(sessionId, token, lastSeq))));
      assertThat(welcome.path("session_id").asText()).isEqualTo(sessionId);
      List<JsonNode> frames = client.untilTerminal(jobId);
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i).path("event_seq").asLong()).isEqualTo(lastSeq + 1 + i);
      }
      assertThat(frames).anySatisfy(frame ->
          assertThat(frame.path("payload").path("body").path("phase").asText()).isEqualTo("restarted"));
      List<Integer> ticks = frames.stream()
          .filter(frame -> frame.path("payload").path("kind").asText().equals("progress"))
          .map(frame -> frame.path("payload").path("body").path("current").asInt())
          .toList();
      assertThat(ticks).startsWith(2).endsWith(8).doesNotHaveDuplicates();
      assertThat(frames.get(frames.size() - 1).path("payload").path("result").toString()).isEqualTo("{\"ticks\":8}");
    }
  }

  @Test
  void aJobWhoseAgentIsNotRestartableEndsWithARetryableInternalError() throws Exception {
    String sessionId;
    String token;
    String jobId;
    long lastSeq;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      token = client.hello(TestNode.ALICE, "ack").path("payload").path("resume_token").asText();
      sessionId = client.sessionId();
      client.submit("sleeper", WireClient.JSON.readTree("{}"));
      jobId = client.next().path("job_id").asText();
      lastSeq = client.next().path("event_seq").asLong();
    }
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.welcome(client.sendRaw(client.envelope("session.hello", resume(sessionId, token, lastSeq))));
      List<JsonNode> frames = client.untilTerminal(jobId);
      JsonNode error = frames.get(frames.size() - 1);
      assertThat(error.path("event_seq").asLong()).isEqualTo(lastSeq + 1);
      assertThat(error.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
      assertThat(error.path("payload").path("retryable").asBoolean()).isTrue();
    }
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
}
