package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delegation (spec 1.0 §10, 1.1 §9.4, §10) over a real socket with the {@code delegator} example
 * agent: the child is a real job in the submitter's session with the parent's trace, its lease is
 * a checked subset, its budget is carved out of the parent's, and ending the parent cancels it.
 */
class DelegationTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");

  /** Submits {@code delegator} under {@code lease}, asking for {@code agent} with {@code childLease}. */
  private static String delegate(WireClient client, String lease, String agent, String childInput, String childLease)
      throws Exception {
    ObjectNode input = WireClient.JSON.createObjectNode().put("agent", agent);
    input.set("input", WireClient.JSON.readTree(childInput));
    input.set("lease_request", WireClient.JSON.readTree(childLease));
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", "delegator");
    payload.set("input", input);
    payload.set("lease_request", WireClient.JSON.readTree(lease));
    client.sendRaw(client.envelope("job.submit", payload));
    return client.expect("job.accepted").path("job_id").asText();
  }

  private static List<JsonNode> events(List<JsonNode> frames, String jobId, String kind) {
    return frames.stream().filter(frame -> frame.path("type").asText().equals("job.event"))
        .filter(frame -> frame.path("job_id").asText().equals(jobId))
        .filter(frame -> frame.path("payload").path("kind").asText().equals(kind)).toList();
  }

  private static Optional<JsonNode> childAccepted(List<JsonNode> frames, String parentJobId) {
    return frames.stream().filter(frame -> frame.path("type").asText().equals("job.accepted"))
        .filter(frame -> frame.path("payload").path("parent_job_id").asText().equals(parentJobId)).findFirst();
  }

  private static JsonNode last(List<JsonNode> frames) {
    return frames.get(frames.size() - 1);
  }

  @Test
  void aChildRunsAsAJobOfTheSameSessionWithTheParentsTraceAndItsResultReachesTheParent() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE, "list_jobs");
    String parent = delegate(client, "{\"agent.delegate\": [\"echo\"], \"fs.read\": [\"/workspace/**\"]}",
        "echo", "{\"n\": 7}", "{\"fs.read\": [\"/workspace/src/**\"]}");

    List<JsonNode> frames = client.untilTerminal(parent);
    JsonNode delegateEvent = events(frames, parent, "delegate").get(0).path("payload").path("body");
    assertThat(delegateEvent.path("delegate_id").asText()).startsWith("del_");
    assertThat(delegateEvent.path("agent").asText()).isEqualTo("echo");
    assertThat(delegateEvent.path("input").toString()).isEqualTo("{\"n\":7}");
    assertThat(delegateEvent.path("lease_request").toString()).isEqualTo("{\"fs.read\":[\"/workspace/src/**\"]}");

    JsonNode accepted = childAccepted(frames, parent).orElseThrow();
    String child = accepted.path("job_id").asText();
    JsonNode parentRunning = frames.stream().filter(frame -> frame.path("job_id").asText().equals(parent))
        .findFirst().orElseThrow();
    assertThat(child).startsWith("job_").isNotEqualTo(parent);
    assertThat(accepted.path("session_id").asText()).isEqualTo(client.sessionId());
    assertThat(accepted.path("payload").path("delegate_id").asText()).isEqualTo(delegateEvent.path("delegate_id").asText());
    assertThat(accepted.path("payload").path("agent").asText()).isEqualTo("echo@2.0.0");
    assertThat(accepted.path("payload").path("lease").toString()).isEqualTo("{\"fs.read\":[\"/workspace/src/**\"]}");
    assertThat(accepted.path("trace_id").asText()).isEqualTo(parentRunning.path("trace_id").asText())
        .isEqualTo(accepted.path("payload").path("trace_id").asText());

    JsonNode childResult = frames.stream().filter(frame -> frame.path("job_id").asText().equals(child))
        .filter(frame -> frame.path("type").asText().equals("job.result")).findFirst().orElseThrow();
    assertThat(childResult.path("payload").path("result").path("input").toString()).isEqualTo("{\"n\":7}");
    JsonNode parentResult = last(frames);
    assertThat(parentResult.path("type").asText()).isEqualTo("job.result");
    assertThat(parentResult.path("payload").path("result").path("child_job_id").asText()).isEqualTo(child);
    assertThat(parentResult.path("payload").path("result").path("child_result").toString())
        .isEqualTo(childResult.path("payload").path("result").toString());

    // Both jobs share the session's one gap-free seq space.
    List<Long> seqs = frames.stream().filter(frame -> frame.has("event_seq"))
        .map(frame -> frame.path("event_seq").asLong()).toList();
    for (int i = 1; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
    }

    client.sendRaw(client.envelope("session.list_jobs", WireClient.JSON.createObjectNode().put("limit", 10)));
    JsonNode listed = client.expect("session.jobs");
    JsonNode childRow = StreamSupport.stream(listed.path("payload").path("jobs").spliterator(), false)
        .filter(row -> row.path("job_id").asText().equals(child)).findFirst().orElseThrow();
    assertThat(childRow.path("parent_job_id").asText()).isEqualTo(parent);
  }

  @Test
  void aChildLeaseWiderThanTheParentsIsALeaseSubsetViolationSurfacedAsAToolResult() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    String parent = delegate(client, "{\"agent.delegate\": [\"echo\"], \"fs.read\": [\"/workspace/**\"]}",
        "echo", "{}", "{\"fs.read\": [\"/etc/**\"]}");

    List<JsonNode> frames = client.untilTerminal(parent);
    String delegateId = events(frames, parent, "delegate").get(0).path("payload").path("body")
        .path("delegate_id").asText();
    JsonNode toolResult = events(frames, parent, "tool_result").get(0).path("payload").path("body");
    assertThat(toolResult.path("call_id").asText()).isEqualTo(delegateId);
    assertThat(toolResult.path("error").path("code").asText()).isEqualTo("LEASE_SUBSET_VIOLATION");
    assertThat(toolResult.path("error").path("retryable").asBoolean(true)).isFalse();
    assertThat(last(frames).path("type").asText()).isEqualTo("job.error");
    assertThat(last(frames).path("payload").path("code").asText()).isEqualTo("LEASE_SUBSET_VIOLATION");
    assertThat(childAccepted(frames, parent)).isEmpty();
  }

  @Test
  void delegatingWithoutAnAgentDelegateGrantForTheChildAgentIsPermissionDenied() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    String parent = delegate(client, "{\"agent.delegate\": [\"sleeper\"]}", "echo", "{}", "{}");

    List<JsonNode> frames = client.untilTerminal(parent);
    JsonNode toolResult = events(frames, parent, "tool_result").get(0).path("payload").path("body");
    assertThat(toolResult.path("error").path("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(last(frames).path("payload").path("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(childAccepted(frames, parent)).isEmpty();
  }

  @Test
  void aChildsBudgetIsCarvedOutOfTheParentsRemainingBudgetAndBoundsTheChild() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE, "subscribe");
    String parentLease = "{\"agent.delegate\": [\"spender\"], \"tool.call\": [\"search\"], \"cost.budget\": [\"USD:5.00\"]}";
    String parent = delegate(client, parentLease, "spender",
        "{\"calls\": 10, \"cost\": 0.5, \"currency\": \"USD\", \"tool\": \"search\"}",
        "{\"tool.call\": [\"search\"], \"cost.budget\": [\"USD:2.00\"]}");

    List<JsonNode> frames = client.untilTerminal(parent);
    JsonNode remaining = events(frames, parent, "metric").get(0).path("payload").path("body");
    assertThat(remaining.path("name").asText()).isEqualTo("cost.budget.remaining");
    assertThat(new BigDecimal(remaining.path("value").asText())).isEqualByComparingTo("3.00");
    JsonNode accepted = childAccepted(frames, parent).orElseThrow();
    assertThat(new BigDecimal(accepted.path("payload").path("budget").path("USD").asText()))
        .isEqualByComparingTo("2.00");
    // The child spends its own 2.00: four calls of 0.50, then BUDGET_EXHAUSTED.
    assertThat(last(frames).path("payload").path("result").path("child_result").toString())
        .isEqualTo("{\"calls_made\":4,\"exhausted\":true}");

    client.subscribe(parent, false, 0);
    JsonNode subscribed = client.expect("job.subscribed").path("payload");
    assertThat(new BigDecimal(subscribed.path("budget").path("USD").asText())).isEqualByComparingTo("3.00");
  }

  @Test
  void theCarveOutIsJournaledSoTheParentsCountersSurviveARestart(@TempDir Path dataDir) throws Exception {
    String parent;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE);
      parent = delegate(client,
          "{\"agent.delegate\": [\"spender\"], \"tool.call\": [\"search\"], \"cost.budget\": [\"USD:5.00\"]}",
          "spender", "{\"calls\": 1, \"cost\": 0.5, \"currency\": \"USD\", \"tool\": \"search\"}",
          "{\"tool.call\": [\"search\"], \"cost.budget\": [\"USD:1.25\"]}");
      assertThat(last(client.untilTerminal(parent)).path("type").asText()).isEqualTo("job.result");
    }
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient watcher = node.connect()) {
      watcher.hello(TestNode.ALICE, "subscribe");
      watcher.subscribe(parent, true, 0);
      JsonNode subscribed = watcher.expect("job.subscribed").path("payload");
      assertThat(new BigDecimal(subscribed.path("budget").path("USD").asText())).isEqualByComparingTo("3.75");
      List<JsonNode> history = watcher.untilTerminal(parent);
      assertThat(events(history, parent, "delegate")).hasSize(1);
      assertThat(last(history).path("payload").path("result").path("child_result").toString())
          .isEqualTo("{\"calls_made\":1,\"exhausted\":false}");
    }
  }

  /**
   * The node stops while a parent waits for its restartable child. After the restart the parent
   * (not restartable) ends with INTERNAL_ERROR and its end reaches the recovered child, which is
   * cancelled; the resumed session receives both ends, gap-free.
   */
  @Test
  void aParentThatEndsAfterARestartStillCancelsItsRecoveredChild(@TempDir Path dataDir) throws Exception {
    String parent;
    String child;
    String sessionId;
    String resumeToken;
    long lastSeq;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      resumeToken = client.hello(TestNode.ALICE).path("payload").path("resume_token").asText();
      sessionId = client.sessionId();
      parent = delegate(client, "{\"agent.delegate\": [\"ticker\"]}", "ticker",
          "{\"count\": 100, \"interval_ms\": 200}", "{}");
      child = last(client.until(frame -> frame.path("type").asText().equals("job.accepted"))).path("job_id").asText();
      String childId = child;
      lastSeq = last(client.until(frame -> childId.equals(frame.path("job_id").asText())
          && frame.path("payload").path("body").path("phase").asText().equals("running"))).path("event_seq").asLong();
    }
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.resume(TestNode.ALICE, sessionId, resumeToken, lastSeq);
      String parentId = parent;
      String childId = child;
      List<JsonNode> frames = new ArrayList<>();
      Set<String> ended = new HashSet<>();
      while (ended.size() < 2) {
        JsonNode frame = client.next();
        frames.add(frame);
        if (frame.path("type").asText().matches("job\\.(result|error)")) {
          ended.add(frame.path("job_id").asText());
        }
      }
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i).path("event_seq").asLong()).isEqualTo(lastSeq + 1 + i);
      }
      JsonNode parentEnd = frames.stream().filter(frame -> parentId.equals(frame.path("job_id").asText())
          && frame.path("type").asText().equals("job.error")).findFirst().orElseThrow();
      assertThat(parentEnd.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
      JsonNode childEnd = frames.stream().filter(frame -> childId.equals(frame.path("job_id").asText())
          && frame.path("type").asText().equals("job.error")).findFirst().orElseThrow();
      assertThat(childEnd.path("payload").path("code").asText()).isEqualTo("CANCELLED");
      assertThat(childEnd.path("payload").path("message").asText()).contains(parentId);
    }
  }

  @Test
  void aChildMayNotAskForMoreThanTheParentHasLeftNorEscapeItsBudget() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    String parentLease = "{\"agent.delegate\": [\"spender\"], \"tool.call\": [\"search\"], \"cost.budget\": [\"USD:5.00\"]}";
    String tooMuch = delegate(client, parentLease, "spender", "{}",
        "{\"tool.call\": [\"search\"], \"cost.budget\": [\"USD:6.00\"]}");
    assertThat(last(client.untilTerminal(tooMuch)).path("payload").path("code").asText())
        .isEqualTo("LEASE_SUBSET_VIOLATION");

    String unbudgeted = delegate(client, parentLease, "spender", "{}", "{\"tool.call\": [\"search\"]}");
    List<JsonNode> frames = client.untilTerminal(unbudgeted);
    assertThat(last(frames).path("payload").path("code").asText()).isEqualTo("LEASE_SUBSET_VIOLATION");
    assertThat(last(frames).path("payload").path("message").asText()).contains("USD");
  }

  @Test
  void endingTheParentCancelsItsRunningChild() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    String parent = delegate(client, "{\"agent.delegate\": [\"sleeper\"]}", "sleeper", "null", "{}");
    JsonNode accepted = last(client.until(frame -> frame.path("type").asText().equals("job.accepted")));
    String child = accepted.path("job_id").asText();
    assertThat(accepted.path("payload").path("parent_job_id").asText()).isEqualTo(parent);
    client.until(frame -> child.equals(frame.path("job_id").asText())
        && frame.path("payload").path("body").path("phase").asText().equals("running"));

    client.cancel(parent, "enough");
    List<JsonNode> frames = client.until(frame -> child.equals(frame.path("job_id").asText())
        && frame.path("type").asText().equals("job.error"));
    JsonNode childEnd = last(frames);
    assertThat(childEnd.path("payload").path("final_status").asText()).isEqualTo("cancelled");
    assertThat(childEnd.path("payload").path("code").asText()).isEqualTo("CANCELLED");
    assertThat(childEnd.path("payload").path("message").asText()).contains(parent);
    assertThat(frames).anySatisfy(frame -> {
      assertThat(frame.path("job_id").asText()).isEqualTo(parent);
      assertThat(frame.path("payload").path("final_status").asText()).isEqualTo("cancelled");
    });
  }
}
