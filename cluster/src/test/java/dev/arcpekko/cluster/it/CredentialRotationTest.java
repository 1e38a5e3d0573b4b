package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.cluster.credentials.JdbcCredentialRevocations;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.runtime.credentials.HmacCredentialVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rotation of a provisioned credential (spec 1.1 §9.8.2): HMAC tokens live 4 s and are rotated 2 s
 * before expiry; a lease ending 5.6 s after acceptance makes the second generation its last.
 */
class CredentialRotationTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode(CredentialsTest.HMAC_NODE
      + "arcp.credentials.hmac { max-ttl = 4s, rotate-before = 2s }\n");

  private static boolean isRotation(JsonNode frame) {
    return frame.path("type").asText().equals("job.event")
        && frame.path("payload").path("body").path("phase").asText().equals("credential_rotated");
  }

  @Test
  void aRotatedCredentialReachesTheSubmitterAloneAndItsPreviousValueIsRevoked() throws Exception {
    WireClient alice = CredentialsTest.session(NODE, TestNode.ALICE, "provisioned_credentials");
    WireClient dashboard = CredentialsTest.session(NODE, TestNode.DASHBOARD, "provisioned_credentials", "subscribe");
    ObjectNode payload = CredentialsTest.probe("{\"until_rotated\": true, \"sleep_ms\": 1600}");
    Instant submittedAt = Instant.now();
    payload.putObject("lease_constraints").put("expires_at", submittedAt.plusMillis(5600).toString());
    JsonNode accepted = CredentialsTest.submit(alice, payload);
    String jobId = accepted.path("job_id").asText();
    String credentialId = accepted.path("payload").path("credentials").get(0).path("id").asText();
    String oldToken = CredentialsTest.valueIn(accepted);
    dashboard.subscribe(jobId, false, 0);

    try (JdbcCredentialRevocations revocations = JdbcCredentialRevocations.open(JournalDatabase.h2(NODE.dataDir()))) {
      HmacCredentialVerifier verifier = new HmacCredentialVerifier(
          CredentialsTest.KEY.getBytes(StandardCharsets.UTF_8), revocations, Clock.systemUTC());
      JsonNode rotation = alice.until(CredentialRotationTest::isRotation).stream()
          .reduce((first, last) -> last).orElseThrow();
      JsonNode body = rotation.path("payload").path("body");
      String newToken = body.path("value").asText();
      HmacCredentialVerifier.Verification whileRunning = verifier.verify(newToken);
      boolean oldRevoked = CredentialsTest.awaitRevoked(revocations, credentialId, 1);
      List<JsonNode> rest = alice.untilTerminal(jobId);
      List<JsonNode> seenByDashboard = dashboard.untilTerminal(jobId);

      assertThat(body.path("id").asText()).isEqualTo(credentialId);
      assertThat(newToken).isNotBlank().isNotEqualTo(oldToken);
      assertThat(rotation.path("event_seq").asLong()).isPositive();
      assertThat(whileRunning).isInstanceOf(HmacCredentialVerifier.Accepted.class);
      assertThat(oldRevoked).isTrue();
      // Refused for its revocation, not only once it expired: a gateway whose clock still reads a time
      // within the old token's life (however slow this test ran) refuses it too.
      HmacCredentialVerifier withinItsLife = new HmacCredentialVerifier(
          CredentialsTest.KEY.getBytes(StandardCharsets.UTF_8), revocations, Clock.fixed(submittedAt, ZoneOffset.UTC));
      assertThat(withinItsLife.verify(oldToken)).isInstanceOfSatisfying(HmacCredentialVerifier.Rejected.class,
          rejected -> assertThat(rejected.reason()).contains("revoked"));
      JsonNode result = rest.get(rest.size() - 1);
      assertThat(result.path("type").asText()).isEqualTo("job.result");
      assertThat(result.path("payload").path("result").path("after").get(0).asText())
          .isEqualTo(CredentialProbe.hash(newToken));
      assertThat(rest).noneMatch(CredentialRotationTest::isRotation);
      assertThat(seenByDashboard).isNotEmpty().noneMatch(CredentialRotationTest::isRotation)
          .allSatisfy(frame -> assertThat(frame.toString()).doesNotContain(newToken).doesNotContain(oldToken));
      assertThat(CredentialsTest.awaitRevoked(revocations, credentialId, 2)).isTrue();
      assertThat(CredentialsTest.journalPayloads(NODE.dataDir())).noneMatch(text -> text.contains(newToken));
    }
  }
}
