package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions are not pinned in memory: an idle session entity is passivated, its connection attaches
 * to the next incarnation and nothing is lost; after the resume window a session is gone.
 */
class SessionRelocationTest {
  @TempDir
  Path dataDir;

  @Test
  void aPassivatedSessionKeepsDeliveringToItsConnectionWithoutGaps() throws Exception {
    String fastPassivation = "pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 300ms";
    try (TestNode node = TestNode.start(dataDir, fastPassivation);
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE, "progress");
      client.submit("ticker", WireClient.JSON.readTree("{\"count\":4,\"interval_ms\":900}"));
      String jobId = client.next().path("job_id").asText();
      List<JsonNode> frames = client.untilTerminal(jobId);
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i).path("event_seq").asLong()).isEqualTo(i + 1);
      }
      assertThat(frames).hasSize(6);
      client.submit("echo", WireClient.JSON.nullNode());
      assertThat(client.next().path("type").asText()).isEqualTo("job.accepted");
    }
  }

  @Test
  void aSessionCannotBeResumedOnceItsWindowHasPassed() throws Exception {
    try (TestNode node = TestNode.start(dataDir, "arcp.resume-window = 1s")) {
      String token;
      String sessionId;
      try (WireClient client = node.connect()) {
        JsonNode welcome = client.hello(TestNode.ALICE);
        assertThat(welcome.path("payload").path("resume_window_sec").asLong()).isEqualTo(1);
        token = welcome.path("payload").path("resume_token").asText();
        sessionId = client.sessionId();
        client.sendRaw(client.envelope("session.close", WireClient.JSON.createObjectNode()));
        client.awaitClose();
      }
      Thread.sleep(1500);
      try (WireClient client = node.connect()) {
        ObjectNode payload = WireClient.helloPayload(TestNode.ALICE);
        payload.putObject("resume").put("session_id", sessionId).put("resume_token", token).put("last_event_seq", 0);
        client.sendRaw(client.envelope("session.hello", payload));
        JsonNode error = client.next();
        assertThat(error.path("payload").path("code").asText()).isEqualTo("RESUME_WINDOW_EXPIRED");
      }
    }
  }
}
