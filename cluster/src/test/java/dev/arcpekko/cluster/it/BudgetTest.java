package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code cost.budget} (spec 1.1 §9.6): exact counters, exhaustion, remaining metrics, durability. */
class BudgetTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");

  @TempDir
  Path dataDir;

  private static ObjectNode spend(WireClient client, String budget, String input) throws Exception {
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", "spender");
    payload.set("input", WireClient.JSON.readTree(input));
    payload.set("lease_request", WireClient.JSON.readTree(
        "{\"tool.call\": [\"search\"], \"cost.budget\": [\"" + budget + "\"]}"));
    return client.envelope("job.submit", payload);
  }

  private static List<JsonNode> metrics(List<JsonNode> frames, String name) {
    return frames.stream().filter(frame -> frame.path("payload").path("kind").asText().equals("metric"))
        .map(frame -> frame.path("payload").path("body"))
        .filter(body -> body.path("name").asText().equals(name)).toList();
  }

  private static BigDecimal decimal(JsonNode node) {
    return new BigDecimal(node.asText());
  }

  @Test
  void costMetricsSpendTheBudgetUntilTheNextOperationIsRefusedWithBudgetExhausted() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    client.sendRaw(spend(client, "USD:1.00",
        "{\"calls\": 10, \"cost\": 0.30, \"currency\": \"USD\", \"tool\": \"search\"}"));
    JsonNode accepted = client.expect("job.accepted");
    assertThat(decimal(accepted.path("payload").path("budget").path("USD"))).isEqualByComparingTo("1.00");

    List<JsonNode> frames = client.untilTerminal(accepted.path("job_id").asText());
    JsonNode result = frames.get(frames.size() - 1);
    assertThat(result.path("payload").path("result").toString()).isEqualTo("{\"calls_made\":4,\"exhausted\":true}");
    assertThat(metrics(frames, "cost.search")).hasSize(4);
    assertThat(metrics(frames, "cost.budget.remaining").stream().map(body -> decimal(body.path("value"))).toList())
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.70"), new BigDecimal("0.40"), new BigDecimal("0.10"),
            new BigDecimal("-0.20"));
    assertThat(metrics(frames, "cost.budget.remaining"))
        .allSatisfy(body -> assertThat(body.path("unit").asText()).isEqualTo("USD"));
  }

  @Test
  void countersAreExactDecimalsAndAReportIsMadeOnlyForMaterialChanges() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    // Ten spends of 0.1 exhaust exactly 1.0 (in binary floating point they would not).
    client.sendRaw(spend(client, "USD:1.0",
        "{\"calls\": 12, \"cost\": 0.1, \"currency\": \"USD\", \"tool\": \"search\"}"));
    List<JsonNode> frames = client.untilTerminal(client.expect("job.accepted").path("job_id").asText());
    assertThat(frames.get(frames.size() - 1).path("payload").path("result").path("calls_made").asInt())
        .isEqualTo(10);
    // 10 % steps of the initial budget are all material (>= 5 %); the last one reaches zero.
    assertThat(metrics(frames, "cost.budget.remaining")).hasSize(10);
    assertThat(decimal(metrics(frames, "cost.budget.remaining").get(9).path("value"))).isEqualByComparingTo("0");

    client.sendRaw(spend(client, "USD:100",
        "{\"calls\": 10, \"cost\": 1, \"currency\": \"USD\", \"tool\": \"search\"}"));
    List<JsonNode> small = client.untilTerminal(client.expect("job.accepted").path("job_id").asText());
    // 1 % steps: the first spend, then every fifth.
    assertThat(metrics(small, "cost.budget.remaining").stream().map(body -> decimal(body.path("value"))).toList())
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("99"), new BigDecimal("94"));
  }

  @Test
  void costsInAnotherCurrencyAndNegativeCostsSpendNothing() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    client.sendRaw(spend(client, "USD:1",
        "{\"calls\": 5, \"cost\": 1, \"currency\": \"EUR\", \"tool\": \"search\"}"));
    List<JsonNode> frames = client.untilTerminal(client.expect("job.accepted").path("job_id").asText());
    assertThat(frames.get(frames.size() - 1).path("payload").path("result").toString())
        .isEqualTo("{\"calls_made\":5,\"exhausted\":false}");
    assertThat(metrics(frames, "cost.budget.remaining")).isEmpty();

    client.sendRaw(spend(client, "USD:1",
        "{\"calls\": 3, \"cost\": -1, \"currency\": \"USD\", \"tool\": \"search\"}"));
    List<JsonNode> negative = client.untilTerminal(client.expect("job.accepted").path("job_id").asText());
    JsonNode end = negative.get(negative.size() - 1);
    assertThat(end.path("type").asText()).isEqualTo("job.error");
    assertThat(metrics(negative, "cost.search")).isEmpty();
  }

  @Test
  void countersAreJournaledAndReportedToSubscribersAfterARestart() throws Exception {
    String jobId;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE);
      client.sendRaw(spend(client, "USD:2.50",
          "{\"calls\": 3, \"cost\": 0.25, \"currency\": \"USD\", \"tool\": \"search\"}"));
      jobId = client.expect("job.accepted").path("job_id").asText();
      client.untilTerminal(jobId);
    }
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient watcher = node.connect()) {
      watcher.hello(TestNode.ALICE, "subscribe");
      watcher.subscribe(jobId, false, 0);
      JsonNode subscribed = watcher.expect("job.subscribed").path("payload");
      assertThat(decimal(subscribed.path("budget").path("USD"))).isEqualByComparingTo("1.75");
    }
  }
}
