package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.cluster.credentials.JdbcCredentialRevocations;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.runtime.credentials.HmacCredentialVerifier;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Provisioned credentials end to end (spec 1.1 §9.8, §14) with the HMAC provisioner: issued with
 * job.accepted to the submitter only, seen by the agent, never shown to another principal, never
 * journaled, and revoked however the job ends.
 */
class CredentialsTest {
  static final String KEY = "credentials-test-key-0123456789abcdef";
  static final String HMAC_NODE = """
      arcp.credentials { provisioner = hmac
        hmac { secret = "%s", endpoint = "https://gateway.test/v1", profile = openai,
          revocation-purge.interval = 300ms } }
      arcp.observers.all = [dashboard]
      """.formatted(KEY);

  @RegisterExtension
  static final SharedNode NODE = new SharedNode(HMAC_NODE);

  private JdbcCredentialRevocations revocations;
  private HmacCredentialVerifier verifier;

  @BeforeEach
  void openVerifier() {
    revocations = JdbcCredentialRevocations.open(JournalDatabase.h2(NODE.dataDir()));
    verifier = new HmacCredentialVerifier(KEY.getBytes(StandardCharsets.UTF_8), revocations, Clock.systemUTC());
  }

  @AfterEach
  void closeVerifier() {
    revocations.close();
  }

  static WireClient session(SharedNode node, String token, String... features) throws Exception {
    WireClient client = node.connect();
    client.hello(token, features);
    return client;
  }

  /** Submits {@code payload} (agent, input, ...) and returns the {@code job.accepted} frame. */
  static JsonNode submit(WireClient client, ObjectNode payload) {
    client.sendRaw(client.envelope("job.submit", payload));
    return client.expect("job.accepted");
  }

  static ObjectNode probe(String input) throws Exception {
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", "credential-probe");
    payload.set("input", WireClient.JSON.readTree(input));
    return payload;
  }

  static String valueIn(JsonNode accepted) {
    return accepted.path("payload").path("credentials").get(0).path("value").asText();
  }

  /** Whether generation {@code generation} of credential {@code id} is on the revocation list within 20 s. */
  static boolean awaitRevoked(JdbcCredentialRevocations revocations, String id, int generation) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!revocations.isRevoked(id, generation) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    return revocations.isRevoked(id, generation);
  }

  /** Every event and snapshot payload in the node's journal, as text. */
  static List<String> journalPayloads(java.nio.file.Path dataDir) throws Exception {
    JournalDatabase database = JournalDatabase.h2(dataDir);
    List<String> payloads = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      for (String query : List.of("SELECT \"event_payload\" FROM \"event_journal\"",
          "SELECT \"snapshot_payload\" FROM \"snapshot\"")) {
        try (ResultSet rows = statement.executeQuery(query)) {
          while (rows.next()) {
            payloads.add(new String(rows.getBytes(1), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return payloads;
  }

  @Test
  void theNodePurgesRevocationEntriesOfTokensExpiredOverAnHourAgo() throws Exception {
    Instant now = Instant.now();
    revocations.revoke("cred_expired_long_ago", 1, now.minus(Duration.ofHours(2)));
    revocations.revoke("cred_expired_lately", 1, now.minus(Duration.ofMinutes(10)));

    Instant deadline = now.plusSeconds(20);
    while (revocations.isRevoked("cred_expired_long_ago", 1) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(revocations.isRevoked("cred_expired_long_ago", 1)).as("purged").isFalse();
    assertThat(revocations.isRevoked("cred_expired_lately", 1)).as("kept within after-expiry").isTrue();
  }

  @Test
  void jobAcceptedCarriesTheCredentialsOnlyWhenTheSessionNegotiatedTheFeature() throws Exception {
    WireClient with = NODE.connect();
    JsonNode welcome = with.hello(TestNode.ALICE, "provisioned_credentials", "model.use");
    WireClient without = session(NODE, TestNode.ALICE);

    JsonNode accepted = submit(with, probe("{\"sleep_ms\": 2000}"));
    JsonNode plain = submit(without, probe("{}"));

    assertThat(welcome.path("payload").path("capabilities").path("features").toString())
        .contains("provisioned_credentials", "model.use");
    JsonNode credential = accepted.path("payload").path("credentials").get(0);
    assertThat(credential.path("id").asText()).startsWith("cred_");
    assertThat(credential.path("scheme").asText()).isEqualTo("bearer");
    assertThat(credential.path("endpoint").asText()).isEqualTo("https://gateway.test/v1");
    assertThat(credential.path("profile").asText()).isEqualTo("openai");
    assertThat(credential.path("constraints").has("expires_at")).isTrue();
    assertThat(verifier.verify(credential.path("value").asText()))
        .isInstanceOf(HmacCredentialVerifier.Accepted.class);
    assertThat(plain.path("payload").has("credentials")).isFalse();
  }

  @Test
  void theAgentSeesTheCredentialsThroughItsJobContext() throws Exception {
    WireClient alice = session(NODE, TestNode.ALICE, "provisioned_credentials");

    JsonNode accepted = submit(alice, probe("{}"));
    List<JsonNode> frames = alice.untilTerminal(accepted.path("job_id").asText());

    JsonNode result = frames.get(frames.size() - 1);
    assertThat(result.path("type").asText()).isEqualTo("job.result");
    assertThat(result.path("payload").path("result").path("seen").get(0).asText())
        .isEqualTo(CredentialProbe.hash(valueIn(accepted)));
  }

  @Test
  void anIdempotentResubmitGetsTheSameCredentials() throws Exception {
    WireClient alice = session(NODE, TestNode.ALICE, "provisioned_credentials");
    ObjectNode payload = probe("{\"sleep_ms\": 500}").put("idempotency_key", "same-credentials");

    JsonNode first = submit(alice, payload);
    JsonNode again = submit(session(NODE, TestNode.ALICE, "provisioned_credentials"), payload);

    assertThat(again.path("job_id").asText()).isEqualTo(first.path("job_id").asText());
    assertThat(again.path("payload").path("credentials")).isEqualTo(first.path("payload").path("credentials"));
  }

  @Test
  void credentialRedactionToASubscriber() throws Exception {
    WireClient alice = session(NODE, TestNode.ALICE, "provisioned_credentials", "subscribe");
    JsonNode accepted = submit(alice, probe("{\"sleep_ms\": 1500}"));
    String jobId = accepted.path("job_id").asText();
    String value = valueIn(accepted);
    WireClient aliceElsewhere = session(NODE, TestNode.ALICE, "provisioned_credentials", "subscribe");
    WireClient dashboard = session(NODE, TestNode.DASHBOARD, "provisioned_credentials", "subscribe", "list_jobs");

    aliceElsewhere.subscribe(jobId, true, 0);
    dashboard.subscribe(jobId, true, 0);
    List<JsonNode> seenBySubmitter = alice.untilTerminal(jobId);
    List<JsonNode> seenByDashboard = dashboard.untilTerminal(jobId);
    List<JsonNode> listed = JobPages.all(dashboard, null, 0);

    JsonNode sameprincipal = aliceElsewhere.until(frame -> frame.path("type").asText().equals("job.subscribed"))
        .stream().reduce((first, last) -> last).orElseThrow();
    assertThat(sameprincipal.path("payload").path("credentials"))
        .isEqualTo(accepted.path("payload").path("credentials"));
    JsonNode subscribed = seenByDashboard.stream()
        .filter(frame -> frame.path("type").asText().equals("job.subscribed")).findFirst().orElseThrow();
    assertThat(subscribed.path("payload").has("credentials")).isFalse();
    assertThat(seenByDashboard).hasSizeGreaterThan(2).allSatisfy(frame -> assertThat(frame.toString())
        .doesNotContain(value));
    assertThat(listed).extracting(entry -> entry.path("job_id").asText()).contains(jobId);
    assertThat(listed).allSatisfy(entry -> assertThat(entry.has("credentials")).isFalse());
    assertThat(listed.toString()).doesNotContain(value);
    assertThat(seenBySubmitter).isNotEmpty();
    assertThat(journalPayloads(NODE.dataDir())).isNotEmpty().noneMatch(payload -> payload.contains(value));
  }

  static Stream<Arguments> waysToEnd() {
    return Stream.of(
        Arguments.of("success", "{}", (BiConsumer<WireClient, String>) (client, jobId) -> { }, "job.result"),
        Arguments.of("error", "{\"fail\": true}", (BiConsumer<WireClient, String>) (client, jobId) -> { },
            "job.error"),
        Arguments.of("cancelled", "{\"sleep_ms\": 10000}",
            (BiConsumer<WireClient, String>) (client, jobId) -> client.cancel(jobId, "enough"), "job.error"),
        Arguments.of("timed_out", "{\"sleep_ms\": 10000}", (BiConsumer<WireClient, String>) (client, jobId) -> { },
            "job.error"),
        Arguments.of("lease expired", "{\"sleep_ms\": 10000}", (BiConsumer<WireClient, String>) (client, jobId) -> { },
            "job.error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("waysToEnd")
  void theCredentialIsRevokedWhenTheJobEnds(String end, String input, BiConsumer<WireClient, String> act,
      String terminalType) throws Exception {
    WireClient alice = session(NODE, TestNode.ALICE, "provisioned_credentials");
    ObjectNode payload = probe(input);
    if (end.equals("timed_out")) {
      payload.put("max_runtime_sec", 1);
    }
    if (end.equals("lease expired")) {
      payload.putObject("lease_constraints").put("expires_at", Instant.now().plusSeconds(1).toString());
    }
    JsonNode accepted = submit(alice, payload);
    String jobId = accepted.path("job_id").asText();
    String token = valueIn(accepted);
    assertThat(verifier.verify(token)).isInstanceOf(HmacCredentialVerifier.Accepted.class);

    act.accept(alice, jobId);
    List<JsonNode> frames = alice.untilTerminal(jobId);

    assertThat(frames.get(frames.size() - 1).path("type").asText()).isEqualTo(terminalType);
    assertThat(awaitRevoked(revocations, accepted.path("payload").path("credentials").get(0).path("id").asText(), 1))
        .isTrue();
    assertThat(verifier.verify(token)).isInstanceOf(HmacCredentialVerifier.Rejected.class);
  }

  @Test
  void theTokenOfARunningJobStaysValid() throws Exception {
    WireClient alice = session(NODE, TestNode.ALICE, "provisioned_credentials");
    JsonNode accepted = submit(alice, probe("{\"sleep_ms\": 2000}"));

    Thread.sleep(Duration.ofMillis(500).toMillis());

    assertThat(verifier.verify(valueIn(accepted))).isInstanceOf(HmacCredentialVerifier.Accepted.class);
  }
}
