package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lease enforcement over the wire (spec 1.0 §9.3, §13.4, §14; 1.1 §9.3, §9.5, §9.6): every
 * capability on canonical targets, the order expiry → budget → pattern, tool calls and the
 * {@code reader} example agent.
 */
class LeaseEnforcementTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.lease-expiry-grace = 10s");

  private static final String LEASE = """
      {"fs.read": ["/workspace/**"], "fs.write": ["/workspace/out/*"],
       "net.fetch": ["https://api.example.com/v1/**"], "tool.call": ["search", "mcp:github/*"],
       "agent.delegate": ["test-runner"], "model.use": ["tier-fast/*"], "x-vendor.acme.queue": ["jobs/*"],
       "cost.budget": ["USD:1.00"]}""";

  /** {capability, target, expected answer}. */
  private static final List<List<String>> OPERATIONS = List.of(
      List.of("fs.read", "/workspace/src/a.txt", "ALLOWED"),
      List.of("fs.read", "/workspace//src/./a.txt", "ALLOWED"),
      List.of("fs.read", "/workspace/src/../a.txt", "ALLOWED"),
      List.of("fs.read", "/workspace/../etc/passwd", "PERMISSION_DENIED"),
      List.of("fs.read", "/workspace/a/../../etc/passwd", "PERMISSION_DENIED"),
      List.of("fs.read", "//workspace/./../etc/passwd", "PERMISSION_DENIED"),
      List.of("fs.read", "workspace/a.txt", "PERMISSION_DENIED"),
      List.of("fs.write", "/workspace/out/r.md", "ALLOWED"),
      List.of("fs.write", "/workspace/out/sub/r.md", "PERMISSION_DENIED"),
      List.of("fs.write", "/workspace/out/../r.md", "PERMISSION_DENIED"),
      List.of("net.fetch", "HTTPS://API.EXAMPLE.COM:443/v1/users", "ALLOWED"),
      List.of("net.fetch", "https://api.example.com/v1//users/./1", "ALLOWED"),
      List.of("net.fetch", "https://api.example.com/v1/%2e%2e/admin", "PERMISSION_DENIED"),
      List.of("net.fetch", "https://api.example.com/v1/%2E%2E/admin", "PERMISSION_DENIED"),
      List.of("net.fetch", "https://api.example.com/v1/../admin", "PERMISSION_DENIED"),
      List.of("net.fetch", "https://api.example.com@evil.test/v1/users", "PERMISSION_DENIED"),
      List.of("net.fetch", "http://api.example.com/v1/users", "PERMISSION_DENIED"),
      List.of("tool.call", "search", "ALLOWED"),
      List.of("tool.call", "mcp:github/create_issue", "ALLOWED"),
      List.of("tool.call", "mcp:github/repos/delete", "PERMISSION_DENIED"),
      List.of("agent.delegate", "test-runner", "ALLOWED"),
      List.of("agent.delegate", "lint-runner", "PERMISSION_DENIED"),
      List.of("model.use", "tier-fast/small", "ALLOWED"),
      List.of("model.use", "tier-large/big", "PERMISSION_DENIED"),
      List.of("x-vendor.acme.queue", "jobs/7", "ALLOWED"),
      List.of("x-vendor.acme.queue", "jobs/7/retry", "PERMISSION_DENIED"),
      List.of("x-vendor.acme.other", "jobs/7", "PERMISSION_DENIED"));

  private static String operations(List<List<String>> operations) throws Exception {
    return WireClient.JSON.writeValueAsString(operations.stream().map(op -> op.subList(0, 2)).toList());
  }

  private static List<String> answers(LeasedJobs.Run run, String key) {
    assertThat(run.terminal().path("type").asText()).as("end of %s", run.terminal()).isEqualTo("job.result");
    return WireClient.JSON.convertValue(run.terminal().path("payload").path("result").path(key),
        WireClient.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  @Test
  void everyCapabilityIsEnforcedOnTheCanonicalFormOfItsTarget() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.BOB);

    LeasedJobs.Run run = LeasedJobs.run(client, "authority",
        "{\"operations\": " + operations(OPERATIONS) + "}", LEASE);

    assertThat(answers(run, "operations")).containsExactlyElementsOf(OPERATIONS.stream().map(op -> op.get(2)).toList());
  }

  @Test
  void anExhaustedBudgetAnswersBudgetExhaustedBeforePermissionDenied() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.BOB);

    LeasedJobs.Run run = LeasedJobs.run(client, "authority", """
        {"spend": {"amount": 1.00, "currency": "USD"},
         "operations": [["fs.read", "/etc/passwd"], ["fs.read", "/workspace/a.txt"]]}""", LEASE);

    assertThat(answers(run, "operations")).containsExactly("BUDGET_EXHAUSTED", "BUDGET_EXHAUSTED");
  }

  @Test
  void anExpiredLeaseAnswersLeaseExpiredBeforeTheBudgetAndThePattern() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.BOB);
    ObjectNode payload = LeasedJobs.submit("authority", """
        {"sleep_ms": 1500, "spend": {"amount": 1.00, "currency": "USD"},
         "operations": [["fs.read", "/workspace/a.txt"], ["fs.read", "/etc/passwd"]]}""", LEASE);
    payload.putObject("lease_constraints").put("expires_at", Instant.now().plusSeconds(1).toString());

    LeasedJobs.Run run = LeasedJobs.run(client, payload);

    assertThat(answers(run, "operations")).containsExactly("LEASE_EXPIRED", "LEASE_EXPIRED");
  }

  @Test
  void aDeniedToolCallIsAnsweredWithAToolResultErrorAndTheJobContinues() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.BOB);

    LeasedJobs.Run run = LeasedJobs.run(client, "authority", """
        {"tool_calls": [
          {"tool": "fs.read", "args": {"path": "/etc/passwd"}, "capability": "fs.read", "target": "/etc/passwd"},
          {"tool": "search", "args": {"q": "arcp"}}]}""", LEASE);

    List<String> kinds = run.frames().stream().map(frame -> frame.path("payload").path("kind").asText())
        .filter(kind -> !kind.isEmpty() && !kind.equals("status")).toList();
    assertThat(kinds).containsExactly("tool_call", "tool_result", "log", "tool_call", "tool_result");
    List<JsonNode> calls = run.events("tool_call");
    List<JsonNode> results = run.events("tool_result");
    assertThat(calls.get(0).path("tool").asText()).isEqualTo("fs.read");
    assertThat(calls.get(0).path("args").path("path").asText()).isEqualTo("/etc/passwd");
    assertThat(calls.get(0).path("call_id").asText()).startsWith("call_");
    assertThat(results.get(0).path("call_id").asText()).isEqualTo(calls.get(0).path("call_id").asText());
    assertThat(results.get(0).path("error").path("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(results.get(0).path("error").path("retryable").asBoolean(true)).isFalse();
    assertThat(results.get(0).has("result")).isFalse();
    assertThat(run.events("log").get(0).path("level").asText()).isEqualTo("warn");
    assertThat(calls.get(1).path("tool").asText()).isEqualTo("search");
    assertThat(calls.get(1).path("call_id").asText()).isNotEqualTo(calls.get(0).path("call_id").asText());
    assertThat(results.get(1).path("call_id").asText()).isEqualTo(calls.get(1).path("call_id").asText());
    assertThat(results.get(1).path("result").path("ok").asBoolean()).isTrue();
    assertThat(answers(run, "tool_calls")).containsExactly("PERMISSION_DENIED", "ALLOWED");
  }

  @Test
  void theReaderEchoesAPathItsLeaseAllowsAndFailsWithPermissionDeniedOnTraversal() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.BOB);
    String lease = "{\"fs.read\": [\"/workspace/**\"]}";

    LeasedJobs.Run allowed = LeasedJobs.run(client, "reader@1.0.0", "{\"path\": \"/workspace//a/./b.txt\"}", lease);
    LeasedJobs.Run traversal = LeasedJobs.run(client, "reader", "{\"path\": \"/workspace/a/../../etc/passwd\"}", lease);

    assertThat(allowed.terminal().path("type").asText()).isEqualTo("job.result");
    assertThat(allowed.terminal().path("payload").path("result").toString())
        .isEqualTo("{\"read\":\"/workspace//a/./b.txt\"}");
    assertThat(traversal.terminal().path("type").asText()).isEqualTo("job.error");
    assertThat(traversal.terminal().path("payload").path("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(traversal.terminal().path("payload").path("final_status").asText()).isEqualTo("error");
    assertThat(traversal.terminal().path("payload").path("retryable").asBoolean(true)).isFalse();
  }
}
