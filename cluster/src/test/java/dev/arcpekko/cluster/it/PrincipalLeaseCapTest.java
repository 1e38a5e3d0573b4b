package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-principal lease caps ({@code arcp.lease-caps}): the effective lease is shown in job.accepted and enforced. */
class PrincipalLeaseCapTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("""
      arcp.lease-caps.principals.alice { "fs.read" = ["/workspace/**"], "cost.budget" = ["USD:10"] }
      arcp.lease-caps.principals.carol { max-duration = 2s }
      arcp.lease-expiry-grace = 0s
      """);

  private static final String REQUEST = """
      {"fs.read": ["/workspace/app/**", "/etc/**"], "cost.budget": ["USD:50"], "tool.call": ["*"]}""";
  /** What alice's cap makes of {@link #REQUEST}. */
  private static final String CAPPED =
      "{\"fs.read\": [\"/workspace/app/**\"], \"tool.call\": [\"*\"], \"cost.budget\": [\"USD:10\"]}";
  private static final String PROBE = """
      {"operations": [["fs.read", "/workspace/app/a.txt"], ["fs.read", "/etc/passwd"], ["tool.call", "anything"]]}""";

  /** Runs the probe for {@code token}'s principal under {@link #REQUEST}; returns the run. */
  private static LeasedJobs.Run probe(String token) throws Exception {
    WireClient client = NODE.connect();
    client.hello(token);
    return LeasedJobs.run(client, "authority", PROBE, REQUEST);
  }

  private static void assertGranted(LeasedJobs.Run run, String lease, String usd, String answers) throws Exception {
    JsonNode accepted = run.accepted().path("payload");
    assertThat(accepted.path("lease")).isEqualTo(WireClient.JSON.readTree(lease));
    assertThat(accepted.path("budget").path("USD").decimalValue()).isEqualByComparingTo(usd);
    assertThat(run.terminal().path("payload").path("result").path("operations").toString()).isEqualTo(answers);
  }

  @Test
  void aCappedPrincipalSeesItsReducedLeaseInJobAcceptedAndIsHeldToIt() throws Exception {
    LeasedJobs.Run run = probe(TestNode.ALICE);

    assertGranted(run, CAPPED, "10", "[\"ALLOWED\",\"PERMISSION_DENIED\",\"ALLOWED\"]");
  }

  @Test
  void anUncappedPrincipalGetsTheLeaseItAskedFor() throws Exception {
    LeasedJobs.Run run = probe(TestNode.BOB);

    assertGranted(run, REQUEST, "50", "[\"ALLOWED\",\"ALLOWED\",\"ALLOWED\"]");
  }

  @Test
  void idempotencyComparesTheLeaseTheClientSentNotTheCappedOne() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    String key = UUID.randomUUID().toString();
    ObjectNode first = LeasedJobs.submit("echo", "{}", REQUEST).put("idempotency_key", key);
    String jobId = LeasedJobs.run(client, first).accepted().path("job_id").asText();

    client.sendRaw(client.envelope("job.submit", first.deepCopy()));
    JsonNode again = client.expect("job.accepted");
    client.untilTerminal(jobId);
    // The effective lease of the first submit, sent as a request of its own: another submit.
    ObjectNode narrower = LeasedJobs.submit("echo", "{}", CAPPED).put("idempotency_key", key);
    String submitId = client.sendRaw(client.envelope("job.submit", narrower));

    assertThat(again.path("job_id").asText()).isEqualTo(jobId);
    JsonNode duplicate = client.expectRefusedInBothForms(submitId, "DUPLICATE_KEY");
    assertThat(duplicate.path("payload").path("details").path("existing_job_id").asText()).isEqualTo(jobId);
  }

  @Test
  void aMaxDurationCapGivesAnUnboundedLeaseAnExpiryShownInJobAcceptedAndEnforced() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.CAROL);
    Instant before = Instant.now();
    client.sendRaw(client.envelope("job.submit", LeasedJobs.submit("sleeper", "{\"ms\": 20000}", REQUEST)));
    JsonNode accepted = client.expect("job.accepted");
    Instant after = Instant.now();

    Instant expiresAt = Instant.parse(accepted.path("payload").path("lease_constraints").path("expires_at").asText());
    assertThat(expiresAt).isBetween(before.plusSeconds(2).minusMillis(1), after.plusSeconds(2));
    List<JsonNode> frames = client.untilTerminal(accepted.path("job_id").asText());
    JsonNode end = frames.get(frames.size() - 1);
    assertThat(end.path("type").asText()).isEqualTo("job.error");
    assertThat(end.path("payload").path("code").asText()).isEqualTo("LEASE_EXPIRED");
    assertThat(Instant.now()).isAfterOrEqualTo(expiresAt).isBefore(expiresAt.plusSeconds(10));
  }

  @Test
  void aMaxDurationCapShortensALongerRequestedExpiry() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.CAROL);
    ObjectNode submit = LeasedJobs.submit("echo", "{}", REQUEST);
    Instant before = Instant.now();
    submit.putObject("lease_constraints").put("expires_at", before.plusSeconds(3600).toString());
    LeasedJobs.Run run = LeasedJobs.run(client, submit);

    Instant granted = Instant.parse(run.accepted().path("payload").path("lease_constraints").path("expires_at")
        .asText());
    // Two seconds from acceptance, which lies between this submit and the end of the job.
    assertThat(granted).isBetween(before.plusSeconds(2).minusMillis(1), Instant.now().plusSeconds(2));
    assertThat(run.terminal().path("type").asText()).isEqualTo("job.result");
  }
}
