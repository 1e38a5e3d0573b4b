package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.runtime.auth.AuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lease_constraints.expires_at} (spec 1.1 §9.5): enforced on every operation, by a timer, across restarts. */
class LeaseExpiryTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.lease-expiry-grace = 2s");

  @RegisterExtension
  final LogCapture audit = new LogCapture(AuditLog.LOGGER);

  @TempDir
  Path dataDir;

  private static ObjectNode expiringSubmit(WireClient client, String agent, String input, Instant expiresAt)
      throws Exception {
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", agent);
    payload.set("input", WireClient.JSON.readTree(input));
    payload.set("lease_request", WireClient.JSON.readTree("{\"fs.read\": [\"/data/**\"]}"));
    payload.putObject("lease_constraints").put("expires_at", expiresAt.toString());
    return client.envelope("job.submit", payload);
  }

  private static JsonNode terminalOf(WireClient client, String jobId) {
    List<JsonNode> frames = client.untilTerminal(jobId);
    return frames.get(frames.size() - 1);
  }

  @Test
  void aJobStillRunningAtItsExpiryEndsWithLeaseExpiredNotRetryable() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    Instant expiresAt = Instant.now().plusSeconds(1);
    client.sendRaw(expiringSubmit(client, "sleeper", "{\"ms\": 20000}", expiresAt));
    JsonNode accepted = client.expect("job.accepted");
    assertThat(accepted.path("payload").path("lease_constraints").path("expires_at").asText()).isNotBlank();

    JsonNode end = terminalOf(client, accepted.path("job_id").asText());
    Instant endedAt = Instant.now();
    assertThat(end.path("type").asText()).isEqualTo("job.error");
    assertThat(end.path("payload").path("code").asText()).isEqualTo("LEASE_EXPIRED");
    assertThat(end.path("payload").path("final_status").asText()).isEqualTo("error");
    assertThat(end.path("payload").path("retryable").asBoolean(true)).isFalse();
    // After expires_at plus the configured grace, long before the sleeper would have finished.
    assertThat(endedAt).isAfter(expiresAt.plusSeconds(2)).isBefore(expiresAt.plusSeconds(10));
    // Expirations are audited (spec 1.1 §14).
    assertThat(audit.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("action=lease_expired owner=alice job=" + accepted.path("job_id").asText())
        .contains("expires_at=" + expiresAt));
  }

  @Test
  void operationsAtOrAfterTheExpiryAreRefusedWithLeaseExpired() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    Instant expiresAt = Instant.now().plusSeconds(1);
    client.sendRaw(expiringSubmit(client, "probe", "{\"authorize\": [\"fs.read\", \"/data/a.txt\"]}", expiresAt));
    JsonNode before = terminalOf(client, client.expect("job.accepted").path("job_id").asText());
    assertThat(before.path("payload").path("result").path("allowed").asBoolean()).isTrue();

    client.sendRaw(expiringSubmit(client, "probe",
        "{\"sleep_ms\": 1500, \"authorize\": [\"fs.read\", \"/data/a.txt\"]}", Instant.now().plusSeconds(1)));
    JsonNode after = terminalOf(client, client.expect("job.accepted").path("job_id").asText());
    assertThat(after.path("type").asText()).isEqualTo("job.result");
    assertThat(after.path("payload").path("result").path("allowed").asBoolean()).isFalse();
    assertThat(after.path("payload").path("result").path("code").asText()).isEqualTo("LEASE_EXPIRED");
  }

  @Test
  void aLeaseThatExpiredWhileTheNodeWasDownEndsTheJobWhenItComesBack() throws Exception {
    Instant expiresAt = Instant.now().plusSeconds(3);
    String sessionId;
    String token;
    String jobId;
    long lastSeq;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      token = client.hello(TestNode.ALICE, "progress").path("payload").path("resume_token").asText();
      sessionId = client.sessionId();
      client.sendRaw(expiringSubmit(client, "ticker", "{\"count\": 100, \"interval_ms\": 100}", expiresAt));
      jobId = client.expect("job.accepted").path("job_id").asText();
      lastSeq = client.next().path("event_seq").asLong();
    }
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 500);
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.resume(TestNode.ALICE, sessionId, token, lastSeq, "progress");
      List<JsonNode> frames = client.untilTerminal(jobId);
      JsonNode end = frames.get(frames.size() - 1);
      assertThat(end.path("payload").path("code").asText()).isEqualTo("LEASE_EXPIRED");
      assertThat(frames).noneMatch(frame -> frame.path("payload").path("body").path("phase").asText()
          .equals("restarted"));
    }
  }
}
