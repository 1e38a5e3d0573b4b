package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-principal lease caps ({@code arcp.lease-caps}): the effective lease is shown in job.accepted and enforced. */
class PrincipalLeaseCapTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("""
      arcp.lease-caps.principals.alice { "fs.read" = ["/workspace/**"], "cost.budget" = ["USD:10"] }
      """);

  private static final String REQUEST = """
      {"fs.read": ["/workspace/app/**", "/etc/**"], "cost.budget": ["USD:50"], "tool.call": ["*"]}""";
  private static final String PROBE = """
      {"operations": [["fs.read", "/workspace/app/a.txt"], ["fs.read", "/etc/passwd"], ["tool.call", "anything"]]}""";

  @Test
  void aCappedPrincipalSeesItsReducedLeaseInJobAcceptedAndIsHeldToIt() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);

    LeasedJobs.Run run = LeasedJobs.run(client, "authority", PROBE, REQUEST);

    JsonNode accepted = run.accepted().path("payload");
    assertThat(accepted.path("lease")).isEqualTo(WireClient.JSON.readTree(
        "{\"fs.read\": [\"/workspace/app/**\"], \"tool.call\": [\"*\"], \"cost.budget\": [\"USD:10\"]}"));
    assertThat(accepted.path("budget").path("USD").decimalValue()).isEqualByComparingTo("10");
    assertThat(run.terminal().path("payload").path("result").path("operations").toString())
        .isEqualTo("[\"ALLOWED\",\"PERMISSION_DENIED\",\"ALLOWED\"]");
  }

  @Test
  void anUncappedPrincipalGetsTheLeaseItAskedFor() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.BOB);

    LeasedJobs.Run run = LeasedJobs.run(client, "authority", PROBE, REQUEST);

    assertThat(run.accepted().path("payload").path("lease")).isEqualTo(WireClient.JSON.readTree(REQUEST));
    assertThat(run.accepted().path("payload").path("budget").path("USD").decimalValue()).isEqualByComparingTo("50");
    assertThat(run.terminal().path("payload").path("result").path("operations").toString())
        .isEqualTo("[\"ALLOWED\",\"ALLOWED\",\"ALLOWED\"]");
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
    ObjectNode narrower = LeasedJobs.submit("echo", "{}",
        "{\"fs.read\": [\"/workspace/app/**\"], \"tool.call\": [\"*\"], \"cost.budget\": [\"USD:10\"]}")
        .put("idempotency_key", key);
    String submitId = client.sendRaw(client.envelope("job.submit", narrower));

    assertThat(again.path("job_id").asText()).isEqualTo(jobId);
    JsonNode duplicate = client.expectRefusedInBothForms(submitId, "DUPLICATE_KEY");
    assertThat(duplicate.path("payload").path("details").path("existing_job_id").asText()).isEqualTo(jobId);
  }
}
