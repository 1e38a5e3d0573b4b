package dev.arcpekko.protocol.event;

import static dev.arcpekko.protocol.Frames.frame;
import static dev.arcpekko.protocol.Frames.message;
import static dev.arcpekko.protocol.Frames.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.Envelope;
import dev.arcpekko.protocol.Frames;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.JobEventMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Event kinds and bodies of spec 1.0 §8.2 and 1.1 §8.2, §8.4. */
class EventBodiesTest {

  private static EventBody body(String kind, String body) {
    return message(frame("job.event", "{\"kind\":\"" + kind + "\",\"ts\":\"2026-05-13T19:42:13Z\",\"body\":"
        + body + "}", "\"job_id\":\"job_1\"", "\"event_seq\":1"), JobEventMessage.class).body();
  }

  private static String bodyRejection(String kind, String body) {
    return rejection(frame("job.event", "{\"kind\":\"" + kind + "\",\"ts\":\"2026-05-13T19:42:13Z\",\"body\":"
        + body + "}", "\"job_id\":\"job_1\"", "\"event_seq\":1")).message();
  }

  private static JsonNode written(EventBody body) {
    return Frames.CODEC.toTree(Envelope.of(new JobEventMessage(Instant.EPOCH, body))).at("/payload/body");
  }

  @Test
  void logHasALevelAndAMessage() {
    assertThat(body("log", "{\"level\":\"warn\",\"message\":\"Skipping unauthorized read\"}"))
        .isEqualTo(LogBody.of(LogLevel.WARN, "Skipping unauthorized read"));
    assertThat(bodyRejection("log", "{\"level\":\"loud\",\"message\":\"x\"}"))
        .startsWith("payload.body.level: unknown level 'loud'");
  }

  @Test
  void thoughtHasText() {
    assertThat(body("thought", "{\"text\":\"Outlier in column 'revenue'\"}"))
        .isEqualTo(new ThoughtBody("Outlier in column 'revenue'"));
  }

  @Test
  void toolCallNamesToolArgsAndCallId() {
    ToolCallBody call = (ToolCallBody) body("tool_call", "{\"tool\":\"fs.read\",\"call_id\":\"c1\","
        + "\"args\":{\"path\":\"/etc/passwd\"}}");

    assertThat(call.tool()).isEqualTo("fs.read");
    assertThat(call.callId()).isEqualTo("c1");
    assertThat(call.args()).hasValueSatisfying(a -> assertThat(a.get("path").textValue()).isEqualTo("/etc/passwd"));
  }

  @Test
  void toolResultCarriesAResultOrAnErrorButNotBoth() {
    ToolResultBody denied = (ToolResultBody) body("tool_result", "{\"call_id\":\"c1\",\"error\":{"
        + "\"code\":\"PERMISSION_DENIED\",\"message\":\"Read of /etc/passwd denied by lease\",\"retryable\":false}}");

    assertThat(denied.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    assertThat(bodyRejection("tool_result", "{\"call_id\":\"c1\",\"result\":1,\"error\":{\"code\":\"TIMEOUT\","
        + "\"message\":\"x\"}}")).isEqualTo("payload.body: result and error are mutually exclusive");
  }

  @Test
  void statusKeepsExtraFieldsSuchAsARotatedCredential() {
    StatusBody status = (StatusBody) body("status", "{\"phase\":\"credential_rotated\",\"credential_id\":\"cred_1\","
        + "\"value\":\"sk-new\"}");

    assertThat(status.phase()).isEqualTo("credential_rotated");
    assertThat(written(status).get("credential_id").textValue()).isEqualTo("cred_1");
    assertThat(written(status).get("value").textValue()).isEqualTo("sk-new");
  }

  @Test
  void metricAcceptsBothDimensionSpellingsAndWritesTheSpecOne() {
    MetricBody fromTs = (MetricBody) body("metric", "{\"name\":\"rows\",\"value\":12408,\"dims\":{\"t\":\"a\"}}");
    MetricBody fromSpec = (MetricBody) body("metric", "{\"name\":\"rows\",\"value\":12408,\"dimensions\":{\"t\":\"a\"}}");

    assertThat(fromTs).isEqualTo(fromSpec);
    assertThat(written(fromTs).has("dimensions")).isTrue();
    assertThat(written(fromTs).has("dims")).isFalse();
  }

  @Test
  void metricValuesAreExactDecimals() {
    MetricBody cost = (MetricBody) body("metric", "{\"name\":\"cost.inference\",\"value\":0.0234,\"unit\":\"USD\"}");

    assertThat(cost.value()).isEqualTo(new BigDecimal("0.0234"));
    assertThat(cost.isCost()).isTrue();
    assertThat(MetricBody.of("cost.budget.remaining", BigDecimal.ONE, "USD").isCost()).isFalse();
  }

  @Test
  void artifactRefHasUriAndContentType() {
    assertThat(body("artifact_ref", "{\"uri\":\"arcp://artifacts/sess_A1/J1/report.html\","
        + "\"content_type\":\"text/html\",\"byte_size\":38291}"))
        .isEqualTo(new ArtifactRefBody("arcp://artifacts/sess_A1/J1/report.html", "text/html",
            java.util.OptionalLong.of(38291), Optional.empty()));
  }

  @Test
  void delegateCarriesTheChildRequest() {
    DelegateBody delegate = (DelegateBody) body("delegate", "{\"delegate_id\":\"del_T1\",\"agent\":\"test-runner\","
        + "\"input\":{\"suite\":\"auth\"},\"lease_request\":{\"fs.read\":[\"/workspace/myapp/**\"]}}");

    assertThat(delegate.agent()).isEqualTo(AgentRef.parse("test-runner"));
    assertThat(delegate.leaseRequest()).hasValueSatisfying(l -> assertThat(l.asMap()).containsKey("fs.read"));
  }

  @Test
  void progressMustNotBeNegativeOrExceedItsTotal() {
    assertThat(body("progress", "{\"current\":47,\"total\":120,\"units\":\"files\"}"))
        .isEqualTo(new ProgressBody(new BigDecimal("47"), Optional.of(new BigDecimal("120")),
            Optional.of("files"), Optional.empty()));
    assertThat(bodyRejection("progress", "{\"current\":-1}"))
        .isEqualTo("payload.body: current must be non-negative, got -1");
    assertThat(bodyRejection("progress", "{\"current\":121,\"total\":120}"))
        .isEqualTo("payload.body: current (121) exceeds total (120)");
  }

  @Test
  void resultChunksAreCheckedForEncodingAndBase64() {
    ResultChunkBody chunk = (ResultChunkBody) body("result_chunk", "{\"result_id\":\"res_1\",\"chunk_seq\":0,"
        + "\"data\":\"aGVsbG8=\",\"encoding\":\"base64\",\"more\":true}");

    assertThat(chunk.decodedSize()).isEqualTo(5);
    assertThat(bodyRejection("result_chunk", "{\"result_id\":\"res_1\",\"chunk_seq\":0,\"data\":\"%%%\","
        + "\"encoding\":\"base64\",\"more\":false}")).isEqualTo("payload.body.data: not valid base64");
    assertThat(bodyRejection("result_chunk", "{\"result_id\":\"res_1\",\"chunk_seq\":0,\"data\":\"x\","
        + "\"encoding\":\"utf16\",\"more\":false}")).startsWith("payload.body.encoding: expected utf8 or base64");
  }

  @Test
  void vendorKindsArePreservedVerbatim() {
    EventBody vendor = body("x-acme.span", "{\"span_id\":\"s1\",\"nested\":[1,{\"a\":null}]}");

    assertThat(vendor).isInstanceOfSatisfying(OpaqueEventBody.class, o -> assertThat(o.isVendorKind()).isTrue());
    assertThat(written(vendor).toString()).isEqualTo("{\"span_id\":\"s1\",\"nested\":[1,{\"a\":null}]}");
  }

  @Test
  void unknownKindsNeverFailWhateverTheirBody() {
    assertThat(body("future_kind", "\"just a string\"")).isInstanceOfSatisfying(OpaqueEventBody.class, o -> {
      assertThat(o.isVendorKind()).isFalse();
      assertThat(o.body().textValue()).isEqualTo("just a string");
    });
  }

  @Test
  void reservedKindsNeedAnObjectBody() {
    assertThat(bodyRejection("log", "[]")).isEqualTo("payload.body: expected an object, got an array");
  }
}
