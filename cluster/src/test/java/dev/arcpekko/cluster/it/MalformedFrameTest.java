package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed and misplaced frames on an open session: each is answered with {@code session.error
 * INVALID_REQUEST} naming the problem, and the session keeps working (interop decisions table).
 */
class MalformedFrameTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.max-frame-size = 64KiB");
  WireClient client;

  @BeforeEach
  void open() throws Exception {
    client = NODE.connect();
    client.hello(TestNode.ALICE);
  }

  /** Reads the INVALID_REQUEST, checks its message names {@code problem}, then proves the session works. */
  private void assertRefusedThenUsable(String problem) {
    JsonNode error = client.expectSessionError("INVALID_REQUEST");
    assertThat(error.path("payload").path("message").asText()).containsIgnoringCase(problem);
    assertThat(error.path("payload").path("retryable").isBoolean()).isTrue();
    client.runEcho(WireClient.json("\"still usable\""));
  }

  private ObjectNode ack() {
    return client.envelope("session.ack", WireClient.json("{\"last_processed_seq\":0}"));
  }

  @Test
  void invalidJsonIsRefused() {
    client.send("{\"arcp\":\"1.1\", \"id\": ");
    assertRefusedThenUsable("not valid JSON");
  }

  @Test
  void aJsonArrayIsRefused() {
    client.send("[{\"arcp\":\"1.1\"}]");
    assertRefusedThenUsable("JSON object");
  }

  @Test
  void aFrameWithoutIdIsRefused() {
    ObjectNode frame = ack();
    frame.remove("id");
    client.sendRaw(frame);
    assertRefusedThenUsable("id");
  }

  @Test
  void aFrameWithoutTypeIsRefused() {
    ObjectNode frame = ack();
    frame.remove("type");
    client.sendRaw(frame);
    assertRefusedThenUsable("type");
  }

  @Test
  void aBadTraceIdIsRefused() {
    client.sendRaw(ack().put("trace_id", "XYZ"));
    assertRefusedThenUsable("trace_id");
  }

  @Test
  void anUnknownJobTypeIsRefused() {
    client.sendRaw(client.envelope("job.frobnicate", WireClient.json("{}")));
    assertRefusedThenUsable("job.frobnicate");
  }

  @Test
  void anUnknownSessionTypeIsRefused() {
    client.sendRaw(client.envelope("session.frobnicate", WireClient.json("{}")));
    assertRefusedThenUsable("session.frobnicate");
  }

  @Test
  void aVendorTypeNotMarkedOptionalIsRefused() {
    client.sendRaw(client.envelope("x-acme.foo", WireClient.json("{}")));
    assertRefusedThenUsable("x-acme.foo");
  }

  @Test
  void aVendorTypeMarkedOptionalIsSilentlyIgnored() {
    ObjectNode frame = client.envelope("x-acme.foo", WireClient.json("{\"anything\":[1,2]}"));
    frame.putObject("extensions").put("optional", true);
    client.sendRaw(frame);

    assertThat(client.staysQuiet(Duration.ofMillis(500))).isTrue();
    client.runEcho(WireClient.json("\"still usable\""));
  }

  @Test
  void aRuntimeToClientTypeSentByTheClientIsRefused() {
    ObjectNode frame = client.envelope("job.accepted", WireClient.json(
        "{\"job_id\":\"job_01M87ZMPMG57KE77477TWKK43C\",\"lease\":{},\"accepted_at\":\"2026-01-01T00:00:00Z\"}"));
    frame.put("job_id", "job_01M87ZMPMG57KE77477TWKK43C");
    client.sendRaw(frame);
    assertRefusedThenUsable("job.accepted");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "session.ack   | {\"last_processed_seq\":0}",
      "session.ping  | {\"nonce\":\"n1\"}",
      "session.close | {}",
      "session.bye   | {}",
      "job.submit    | {\"agent\":\"echo\"}"})
  void aFrameNamingAnotherSessionIsRefused(String type, String payload) throws Exception {
    try (WireClient other = NODE.connect()) {
      String otherSession = other.hello(TestNode.ALICE).path("session_id").asText();
      client.sendRaw(client.envelope(type, WireClient.json(payload)).put("session_id", otherSession));
      assertRefusedThenUsable(otherSession);
      assertThat(other.staysQuiet(Duration.ofMillis(200))).as("the other session hears nothing").isTrue();
    }
  }

  @Test
  void aBinaryFrameIsRefused() {
    client.sendBinary("{\"arcp\":\"1.1\"}".getBytes(StandardCharsets.UTF_8));
    assertRefusedThenUsable("binary");
  }

  @Test
  void aTextFrameOverTheSizeLimitIsRefused() {
    ObjectNode frame = client.envelope("x-acme.padding", WireClient.json("{}"));
    ((ObjectNode) frame.path("payload")).put("padding", "x".repeat(100_000));
    client.sendRaw(frame);
    assertRefusedThenUsable("exceeds the limit of 65536 bytes");
  }

  @Test
  void aSubmitWithAMalformedPayloadIsRefusedAsAJobErrorInBothForms() {
    ObjectNode frame = client.envelope("job.submit", WireClient.json("{\"agent\":42,\"input\":{}}"));
    String submitId = client.sendRaw(frame);

    JsonNode error = client.expectRefusedInBothForms(submitId, "INVALID_REQUEST");
    assertThat(error.path("payload").path("message").asText()).contains("agent");
    client.runEcho(WireClient.json("\"still usable\""));
  }
}
