package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delegation is idempotent across a parent's restarts: a restarted parent that delegates again gets
 * the child it already has (running or ended), with its outcome, never a second child; a key names
 * one delegation within its job ({@code relay} test agent, restartable).
 */
class RedelegationTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");

  private static final String TICKER = "{\"agent\": \"ticker\", \"input\": {\"count\": %d, \"interval_ms\": %d}%s}";

  @TempDir
  Path dataDir;

  /** A session to resume on the restarted node. */
  private record Session(String id, String resumeToken) {
    static Session open(WireClient client) {
      String token = client.hello(TestNode.ALICE, "progress").path("payload").path("resume_token").asText();
      return new Session(client.sessionId(), token);
    }
  }

  /** Submits {@code relay} with {@code delegations} (JSON array text); returns its job id. */
  private static String relay(WireClient client, String delegations, long firstAttemptSleepMs) throws Exception {
    ObjectNode input = WireClient.JSON.createObjectNode().put("first_attempt_sleep_ms", firstAttemptSleepMs);
    input.set("delegations", WireClient.JSON.readTree(delegations));
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", "relay");
    payload.set("input", input);
    payload.set("lease_request", WireClient.JSON.readTree("{\"agent.delegate\": [\"ticker\"]}"));
    client.sendRaw(client.envelope("job.submit", payload));
    return client.expect("job.accepted").path("job_id").asText();
  }

  private static JsonNode last(List<JsonNode> frames) {
    return frames.get(frames.size() - 1);
  }

  private static boolean isType(JsonNode frame, String type) {
    return frame.path("type").asText().equals(type);
  }

  private static boolean isDelegateEvent(JsonNode frame) {
    return isType(frame, "job.event") && frame.path("payload").path("kind").asText().equals("delegate");
  }

  /** What the parent sees after the restart: its frames from {@code lastSeq} on, to its result. */
  private static List<JsonNode> afterRestart(Path dataDir, Session session, long lastSeq, String parent)
      throws Exception {
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      client.resume(TestNode.ALICE, session.id(), session.resumeToken(), lastSeq, "progress");
      return client.until(frame -> parent.equals(frame.path("job_id").asText())
          && frame.path("type").asText().matches("job\\.(result|error)"));
    }
  }

  /**
   * Asserts that {@code frames} (after a restart) end with the parent's result from its second run,
   * whose one child is {@code child}, with no new child and no second {@code delegate} event;
   * returns what the parent says of the child.
   */
  private static JsonNode theOnlyChildOfARerun(List<JsonNode> frames, String child) {
    JsonNode result = last(frames);
    assertThat(result.path("type").asText()).as("%s", result).isEqualTo("job.result");
    assertThat(result.path("payload").path("result").path("attempt").asInt()).isEqualTo(1);
    JsonNode children = result.path("payload").path("result").path("children");
    assertThat(children).hasSize(1);
    assertThat(children.get(0).path("child_job_id").asText()).isEqualTo(child);
    assertThat(frames).noneMatch(frame -> isType(frame, "job.accepted")).noneMatch(RedelegationTest::isDelegateEvent);
    return children.get(0);
  }

  @Test
  void aRestartedParentDelegatingAgainGetsItsRunningChildNotASecondOne() throws Exception {
    Session session;
    String parent;
    String child;
    long lastSeq;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      session = Session.open(client);
      parent = relay(client, "[" + TICKER.formatted(15, 200, "") + "]", 0);
      child = last(client.until(frame -> isType(frame, "job.accepted"))).path("job_id").asText();
      String childId = child;
      lastSeq = last(client.until(frame -> childId.equals(frame.path("job_id").asText())
          && frame.path("payload").path("kind").asText().equals("progress"))).path("event_seq").asLong();
    }

    List<JsonNode> frames = afterRestart(dataDir, session, lastSeq, parent);

    assertThat(theOnlyChildOfARerun(frames, child).path("status").asText()).isEqualTo("success");
    assertThat(frames).anyMatch(frame -> child.equals(frame.path("job_id").asText()) && isType(frame, "job.result"));
  }

  @Test
  void aRestartedParentDelegatingAgainGetsTheOutcomeOfItsEndedChild() throws Exception {
    Session session;
    String parent;
    String child;
    JsonNode childResult;
    long lastSeq;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      session = Session.open(client);
      parent = relay(client, "[" + TICKER.formatted(3, 20, "") + "]", 60_000);
      child = last(client.until(frame -> isType(frame, "job.accepted"))).path("job_id").asText();
      String childId = child;
      childResult = last(client.until(frame -> childId.equals(frame.path("job_id").asText())
          && isType(frame, "job.result"))).path("payload").path("result");
      String parentId = parent;
      lastSeq = last(client.until(frame -> parentId.equals(frame.path("job_id").asText())
          && frame.path("payload").path("body").path("message").asText().equals("children done")))
          .path("event_seq").asLong();
    }

    List<JsonNode> frames = afterRestart(dataDir, session, lastSeq, parent);

    JsonNode only = theOnlyChildOfARerun(frames, child);
    assertThat(only.path("status").asText()).isEqualTo("success");
    assertThat(only.path("result")).isEqualTo(childResult);
  }

  @Test
  void aKeyNamesOneDelegationWithinItsJobWhileUnkeyedRequestsEachStartAChild() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    String keyed = ", \"key\": \"summary\"";
    String parent = relay(client, "[" + String.join(",", TICKER.formatted(2, 10, keyed), TICKER.formatted(2, 10, keyed),
        TICKER.formatted(3, 10, keyed), TICKER.formatted(2, 10, ""), TICKER.formatted(2, 10, "")) + "]", 0);

    List<JsonNode> frames = client.untilTerminal(parent);
    ArrayNode children = (ArrayNode) last(frames).path("payload").path("result").path("children");
    String first = children.get(0).path("child_job_id").asText();
    assertThat(children.get(1).path("child_job_id").asText()).isEqualTo(first);
    assertThat(children.get(1).path("delegate_id").asText()).isEqualTo(children.get(0).path("delegate_id").asText());
    assertThat(children.get(2).path("refused").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(List.of(children.get(3).path("child_job_id").asText(), children.get(4).path("child_job_id").asText()))
        .doesNotHaveDuplicates().doesNotContain(first);
    assertThat(frames).filteredOn(frame -> isType(frame, "job.accepted")).hasSize(3);
    assertThat(frames).filteredOn(frame -> parent.equals(frame.path("job_id").asText()))
        .filteredOn(RedelegationTest::isDelegateEvent).hasSize(4);
  }
}
