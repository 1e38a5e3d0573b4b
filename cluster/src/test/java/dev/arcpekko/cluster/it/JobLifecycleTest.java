package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** job.submit → job.accepted → events → job.result / job.error, over a real socket. */
class JobLifecycleTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.cancel-grace = 1s");
  WireClient client;

  @BeforeEach
  void open() throws Exception {
    client = NODE.connect();
    client.hello(TestNode.ALICE, "ack", "agent_versions", "progress");
  }

  private ObjectNode submitPayload(String agent, String inputJson) throws Exception {
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", agent);
    payload.set("input", WireClient.JSON.readTree(inputJson));
    return payload;
  }

  private JsonNode accepted() {
    JsonNode accepted = client.next();
    assertThat(accepted.path("type").asText()).as("%s", accepted).isEqualTo("job.accepted");
    return accepted;
  }

  @Test
  void acceptanceCarriesResolvedAgentLeaseTimeAndAMintedTraceStampedOnEveryFrame() throws Exception {
    ObjectNode payload = submitPayload("echo", "{\"x\":1}");
    payload.set("lease_request", WireClient.JSON.readTree("{\"fs.read\":[\"/tmp/**\"]}"));
    client.sendRaw(client.envelope("job.submit", payload));

    JsonNode accepted = accepted();
    String jobId = accepted.path("job_id").asText();
    String traceId = accepted.path("trace_id").asText();
    assertThat(jobId).startsWith("job_");
    assertThat(traceId).matches("[0-9a-f]{32}");
    assertThat(accepted.path("event_seq").isMissingNode()).isTrue();
    assertThat(accepted.path("payload").path("job_id").asText()).isEqualTo(jobId);
    assertThat(accepted.path("payload").path("agent").asText()).isEqualTo("echo@2.0.0");
    assertThat(accepted.path("payload").path("lease").toString()).isEqualTo("{\"fs.read\":[\"/tmp/**\"]}");
    assertThat(accepted.path("payload").path("accepted_at").asText()).endsWith("Z");

    List<JsonNode> frames = client.untilTerminal(jobId);
    assertThat(frames).allSatisfy(frame -> assertThat(frame.path("trace_id").asText()).isEqualTo(traceId));
    assertThat(frames.get(0).path("payload").path("kind").asText()).isEqualTo("status");
    assertThat(frames.get(0).path("payload").path("body").path("phase").asText()).isEqualTo("running");
    assertThat(frames.get(0).path("event_seq").asLong()).isEqualTo(1);
    JsonNode result = frames.get(frames.size() - 1);
    assertThat(result.path("type").asText()).isEqualTo("job.result");
    assertThat(result.path("payload").path("final_status").asText()).isEqualTo("success");
    assertThat(result.path("payload").path("result").toString()).isEqualTo("{\"input\":{\"x\":1},\"version\":\"2.0.0\"}");
  }

  @Test
  void aTraceIdGivenByTheClientIsKept() throws Exception {
    ObjectNode frame = client.envelope("job.submit", submitPayload("echo", "null"));
    frame.put("trace_id", "0123456789abcdef0123456789abcdef");
    client.sendRaw(frame);
    JsonNode accepted = accepted();
    assertThat(accepted.path("trace_id").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(client.untilTerminal(accepted.path("job_id").asText()))
        .allSatisfy(f -> assertThat(f.path("trace_id").asText()).isEqualTo("0123456789abcdef0123456789abcdef"));
  }

  @Test
  void aPinnedVersionRunsThatVersion() throws Exception {
    client.submit("echo@1.0.0", WireClient.JSON.readTree("\"hi\""));
    JsonNode accepted = accepted();
    assertThat(accepted.path("payload").path("agent").asText()).isEqualTo("echo@1.0.0");
    List<JsonNode> frames = client.untilTerminal(accepted.path("job_id").asText());
    assertThat(frames.get(frames.size() - 1).path("payload").path("result").toString())
        .isEqualTo("{\"input\":\"hi\",\"version\":\"1.0.0\"}");
  }

  @Test
  void anUnknownAgentIsRefusedInBothClientsForms() throws Exception {
    String submitId = client.submit("nobody", WireClient.JSON.nullNode());
    client.expectRefusedInBothForms(submitId, "AGENT_NOT_AVAILABLE");
  }

  @Test
  void anUnknownVersionIsRefusedInBothClientsForms() throws Exception {
    String submitId = client.submit("echo@9.9.9", WireClient.JSON.nullNode());
    client.expectRefusedInBothForms(submitId, "AGENT_VERSION_NOT_AVAILABLE");
  }

  @Test
  void aMalformedLeaseIsRefusedAsAJobError() throws Exception {
    ObjectNode payload = submitPayload("echo", "null");
    payload.set("lease_request", WireClient.JSON.readTree("{\"fs.read\":[1]}"));
    String submitId = client.sendRaw(client.envelope("job.submit", payload));
    client.expectRefusedInBothForms(submitId, "INVALID_REQUEST");
  }

  @Test
  void anExpiryInThePastIsRefusedAsAJobError() throws Exception {
    ObjectNode payload = submitPayload("echo", "null");
    payload.putObject("lease_constraints").put("expires_at", "2001-01-01T00:00:00Z");
    String submitId = client.sendRaw(client.envelope("job.submit", payload));
    client.expectRefusedInBothForms(submitId, "INVALID_REQUEST");
  }

  @Test
  void acceptancesLeaveInSubmitOrder() throws Exception {
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String agent = i % 2 == 0 ? "echo@1.0.0" : "echo@2.0.0";
      submitted.add(agent);
      client.submit(agent, WireClient.JSON.getNodeFactory().numberNode(i));
    }
    List<String> acceptedAgents = new ArrayList<>();
    while (acceptedAgents.size() < submitted.size()) {
      JsonNode frame = client.next();
      if (frame.path("type").asText().equals("job.accepted")) {
        acceptedAgents.add(frame.path("payload").path("agent").asText());
      }
    }
    assertThat(acceptedAgents).isEqualTo(submitted);
  }

  @Test
  void tickerReportsProgressOneToCountThenItsResult() throws Exception {
    client.submit("ticker", WireClient.JSON.readTree("{\"count\":3,\"interval_ms\":10}"));
    String jobId = accepted().path("job_id").asText();
    List<JsonNode> frames = client.untilTerminal(jobId);
    List<String> progress = frames.stream()
        .filter(f -> f.path("payload").path("kind").asText().equals("progress"))
        .map(f -> f.path("payload").path("body").path("current").asText() + "/"
            + f.path("payload").path("body").path("total").asText())
        .toList();
    assertThat(progress).containsExactly("1/3", "2/3", "3/3");
    assertThat(frames.get(frames.size() - 1).path("payload").path("result").toString()).isEqualTo("{\"ticks\":3}");
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).path("event_seq").asLong()).isEqualTo(frames.get(i - 1).path("event_seq").asLong() + 1);
    }
  }

  private JsonNode resultOfProbe(WireClient on, String lease, String input) throws Exception {
    ObjectNode payload = submitPayload("probe", input);
    payload.set("lease_request", WireClient.JSON.readTree(lease));
    on.sendRaw(on.envelope("job.submit", payload));
    List<JsonNode> frames = on.untilTerminal(on.expect("job.accepted").path("job_id").asText());
    return frames.get(frames.size() - 1);
  }

  @Test
  void authorizeAllowsWhatTheLeaseGrantsOnCanonicalTargetsAndDeniesTheRest() throws Exception {
    String lease = "{\"fs.read\":[\"/tmp/**\"]}";
    assertThat(resultOfProbe(client, lease, "{\"authorize\":[\"fs.read\",\"/tmp/a/../b.txt\"]}")
        .path("payload").path("result").toString()).isEqualTo("{\"allowed\":true}");
    assertThat(resultOfProbe(client, lease, "{\"authorize\":[\"fs.read\",\"/tmp/../etc/passwd\"]}")
        .path("payload").path("result").toString()).isEqualTo("{\"allowed\":false,\"code\":\"PERMISSION_DENIED\"}");
    assertThat(resultOfProbe(client, lease, "{\"authorize\":[\"fs.write\",\"/tmp/b.txt\"]}")
        .path("payload").path("result").path("allowed").asBoolean()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[-1]    | current must be non-negative, got -1",
      "[1, -2] | total must be non-negative, got -2",
      "[5, 3]  | current (5) exceeds total (3)",
  })
  void anInvalidProgressIsRefusedToTheAgentAndNeverSent(String progressOf, String refusal) throws Exception {
    ObjectNode payload = submitPayload("probe", "{\"progress_of\":" + progressOf + "}");
    client.sendRaw(client.envelope("job.submit", payload));

    List<JsonNode> frames = client.untilTerminal(accepted().path("job_id").asText());

    assertThat(frames).noneMatch(frame -> frame.path("payload").path("kind").asText().equals("progress"));
    assertThat(frames.get(frames.size() - 1).path("payload").path("result").path("progress_refused").asText())
        .isEqualTo(refusal);
  }

  @Test
  void aValidProgressAtItsTotalIsSent() throws Exception {
    client.sendRaw(client.envelope("job.submit", submitPayload("probe", "{\"progress_of\":[3, 3]}")));

    List<JsonNode> frames = client.untilTerminal(accepted().path("job_id").asText());

    assertThat(frames).filteredOn(frame -> frame.path("payload").path("kind").asText().equals("progress"))
        .extracting(frame -> frame.path("payload").path("body").toString())
        .containsExactly("{\"current\":3,\"total\":3}");
  }

  @Test
  void featuresTheSessionDidNotNegotiateAreNotUsed() throws Exception {
    WireClient plain = NODE.connect();
    plain.hello(TestNode.ALICE, "ack");
    JsonNode failed = resultOfProbe(plain, "{}", "{\"progress\":true}");
    assertThat(failed.path("type").asText()).isEqualTo("job.error");
    assertThat(failed.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");

    plain.submit("ticker", WireClient.JSON.readTree("{\"count\":3,\"interval_ms\":10}"));
    List<JsonNode> frames = plain.untilTerminal(plain.expect("job.accepted").path("job_id").asText());
    assertThat(frames).noneMatch(frame -> frame.path("payload").path("kind").asText().equals("progress"));
    assertThat(frames.get(frames.size() - 1).path("payload").path("result").toString()).isEqualTo("{\"ticks\":3}");
  }

  @Test
  void aFailingAgentEndsWithARetryableInternalError() throws Exception {
    client.submit("failer", WireClient.JSON.nullNode());
    List<JsonNode> frames = client.untilTerminal(accepted().path("job_id").asText());
    JsonNode error = frames.get(frames.size() - 1);
    assertThat(error.path("type").asText()).isEqualTo("job.error");
    assertThat(error.path("payload").path("final_status").asText()).isEqualTo("error");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(error.path("payload").path("retryable").asBoolean()).isTrue();
  }

  @Test
  void cancelAcknowledgesThenEndsTheJobCancelled() throws Exception {
    client.submit("sleeper", WireClient.JSON.readTree("{}"));
    String jobId = accepted().path("job_id").asText();
    assertThat(client.next().path("payload").path("body").path("phase").asText()).isEqualTo("running");
    client.cancel(jobId, "enough");
    JsonNode cancelled = client.next();
    assertThat(cancelled.path("type").asText()).isEqualTo("job.cancelled");
    assertThat(cancelled.path("job_id").asText()).isEqualTo(jobId);
    JsonNode error = client.next();
    assertThat(error.path("type").asText()).isEqualTo("job.error");
    assertThat(error.path("job_id").asText()).isEqualTo(jobId);
    assertThat(error.path("payload").path("final_status").asText()).isEqualTo("cancelled");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("CANCELLED");
    assertThat(error.path("payload").path("message").asText()).isEqualTo("enough");
  }

  @Test
  void anAgentIgnoringCancelIsEndedAfterTheGrace() throws Exception {
    client.submit("stubborn", WireClient.JSON.readTree("{\"ms\":15000}"));
    String jobId = accepted().path("job_id").asText();
    client.next();
    client.cancel(jobId, null);
    assertThat(client.next().path("type").asText()).isEqualTo("job.cancelled");
    JsonNode error = client.next();
    assertThat(error.path("payload").path("final_status").asText()).isEqualTo("cancelled");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void cancellingAnUnknownJobAnswersJobNotFound() {
    client.cancel("job_01M87ZMPMG57KE77477TWKK43C", null);
    JsonNode error = client.next();
    assertThat(error.path("type").asText()).isEqualTo("job.error");
    assertThat(error.path("job_id").asText()).isEqualTo("job_01M87ZMPMG57KE77477TWKK43C");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("JOB_NOT_FOUND");
  }

  @Test
  void anotherPrincipalCannotCancelAndLearnsNothing() throws Exception {
    client.submit("sleeper", WireClient.JSON.readTree("{}"));
    String jobId = accepted().path("job_id").asText();
    client.next();
    try (WireClient bob = NODE.connect()) {
      bob.hello(TestNode.BOB);
      bob.cancel(jobId, null);
      JsonNode error = bob.next();
      assertThat(error.path("payload").path("code").asText()).isEqualTo("JOB_NOT_FOUND");
    }
    assertThat(client.staysQuiet(java.time.Duration.ofMillis(300))).isTrue();
    client.cancel(jobId, null);
    assertThat(client.next().path("type").asText()).isEqualTo("job.cancelled");
  }

  @Test
  void maxRuntimeEndsTheJobTimedOut() throws Exception {
    ObjectNode payload = submitPayload("sleeper", "{}");
    payload.put("max_runtime_sec", 1);
    client.sendRaw(client.envelope("job.submit", payload));
    List<JsonNode> frames = client.untilTerminal(accepted().path("job_id").asText());
    JsonNode error = frames.get(frames.size() - 1);
    assertThat(error.path("payload").path("final_status").asText()).isEqualTo("timed_out");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("TIMEOUT");
    assertThat(error.path("payload").path("retryable").asBoolean()).isTrue();
  }

  @Test
  void aSilentAgentPastItsHeartbeatAllowanceEndsWithHeartbeatLost() throws Exception {
    client.submit("silent", WireClient.JSON.readTree("{\"ms\":10000}"));
    List<JsonNode> frames = client.untilTerminal(accepted().path("job_id").asText());
    JsonNode error = frames.get(frames.size() - 1);
    assertThat(error.path("payload").path("final_status").asText()).isEqualTo("error");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("HEARTBEAT_LOST");
  }
}
