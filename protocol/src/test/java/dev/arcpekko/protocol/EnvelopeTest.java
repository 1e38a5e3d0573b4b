package dev.arcpekko.protocol;

import static dev.arcpekko.protocol.Frames.decoded;
import static dev.arcpekko.protocol.Frames.frame;
import static dev.arcpekko.protocol.Frames.rejected;
import static dev.arcpekko.protocol.Frames.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.message.SessionAck;
import dev.arcpekko.protocol.message.VendorMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Envelope rules of spec 1.0 §5.1 and our interop decisions on versions and leniency. */
class EnvelopeTest {

  @ParameterizedTest
  @ValueSource(strings = {"1.1", "1", "1.0"})
  void acceptsProtocolVersionsOneOneAndOneZero(String version) {
    Envelope envelope = decoded("{\"arcp\":\"" + version
        + "\",\"id\":\"m\",\"type\":\"session.ack\",\"payload\":{\"last_processed_seq\":3}}");

    assertThat(envelope.message()).isEqualTo(new SessionAck(3));
  }

  @Test
  void alwaysSendsVersionOneOne() {
    String frame = Frames.CODEC.encode(decoded(frame("session.ack", "{\"last_processed_seq\":1}")
        .replace("\"1.1\"", "\"1\"")));

    assertThat(frame).startsWith("{\"arcp\":\"1.1\",");
  }

  @Test
  void rejectsOtherProtocolVersions() {
    assertThat(rejection(frame("session.ack", "{\"last_processed_seq\":1}").replace("\"1.1\"", "\"2\"")).message())
        .isEqualTo("arcp: unsupported protocol version '2' (accepted: 1.1, 1, 1.0)");
  }

  @Test
  void ignoresUnknownTopLevelFields() {
    Envelope envelope = decoded(frame("session.ack", "{\"last_processed_seq\":1}",
        "\"x_future\":{\"deep\":[1,2]}", "\"priority\":9"));

    assertThat(envelope.message()).isEqualTo(new SessionAck(1));
  }

  @Test
  void readsEveryEnvelopeField() {
    Envelope envelope = decoded(frame("job.event",
        "{\"kind\":\"thought\",\"ts\":\"2026-05-13T19:42:13.842Z\",\"body\":{\"text\":\"hm\"}}",
        "\"session_id\":\"sess_1\"", "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"",
        "\"job_id\":\"job_1\"", "\"event_seq\":1827", "\"extensions\":{\"optional\":true}"));

    assertThat(envelope.id()).isEqualTo("msg_1");
    assertThat(envelope.sessionId()).contains("sess_1");
    assertThat(envelope.traceId()).contains("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(envelope.jobId()).contains("job_1");
    assertThat(envelope.eventSeq()).hasValue(1827);
    assertThat(envelope.isOptional()).isTrue();
  }

  @Test
  void writesFieldsInSpecOrderAndLeavesAbsentOnesOut() {
    String frame = Frames.CODEC.encode(Envelope.of(new SessionAck(5)).withSessionId("sess_1").withId("msg_2"));

    assertThat(frame).isEqualTo("{\"arcp\":\"1.1\",\"id\":\"msg_2\",\"type\":\"session.ack\","
        + "\"session_id\":\"sess_1\",\"payload\":{\"last_processed_seq\":5}}");
  }

  @Test
  void bareUlidEnvelopeIdsAreAccepted() {
    assertThat(decoded(frame("session.ack", "{\"last_processed_seq\":1}").replace("msg_1",
        "01JABCDEFGHJKMNPQRSTVWXYZ")).id()).isEqualTo("01JABCDEFGHJKMNPQRSTVWXYZ");
  }

  @Test
  void jobEventsNeedAJobIdAndAnEventSeq() {
    String payload = "{\"kind\":\"thought\",\"ts\":\"2026-05-13T19:42:13Z\",\"body\":{\"text\":\"hm\"}}";

    assertThat(rejection(frame("job.event", payload, "\"event_seq\":1")).message())
        .isEqualTo("job_id: job.event requires an envelope job_id");
    assertThat(rejection(frame("job.event", payload, "\"job_id\":\"job_1\"")).message())
        .isEqualTo("event_seq: job.event requires an envelope event_seq");
    assertThat(decoded(frame("job.event", payload, "\"job_id\":\"job_1\"", "\"event_seq\":1")).eventSeq())
        .hasValue(1);
  }

  @Test
  void jobCancelWithoutAJobIdIsRejectedButKeepsTheRequestId() {
    DecodeResult.Rejected rejected = rejected(frame("job.cancel", "{\"reason\":\"stop\"}"));

    assertThat(rejected.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(rejected.error().message()).isEqualTo("job_id: job.cancel requires an envelope job_id");
    assertThat(rejected.id()).contains("msg_1");
    assertThat(rejected.type()).contains("job.cancel");
  }

  @Test
  void vendorTypesDecodeAsVendorMessagesAndUnknownCoreTypesAreRejected() {
    assertThat(decoded(frame("x-acme.sync", "{\"a\":1}", "\"extensions\":{\"optional\":true}")).message())
        .isInstanceOf(VendorMessage.class);
    assertThat(rejection(frame("job.frobnicate", "{}")).message())
        .isEqualTo("type: unknown message type 'job.frobnicate'");
  }

  @Test
  void extensionsOptionalMustBeABoolean() {
    assertThat(rejection(frame("x-acme.sync", "{}", "\"extensions\":{\"optional\":\"yes\"}")).message())
        .isEqualTo("extensions.optional: expected a boolean, got a string");
  }

  @Test
  void rejectionsSalvageTheWellFormedEnvelopeFields() {
    DecodeResult.Rejected rejected = rejected(frame("job.submit", "{\"agent\":\"Bad Agent\"}",
        "\"session_id\":\"sess_9\"", "\"job_id\":\"job_7\""));

    assertThat(rejected.id()).contains("msg_1");
    assertThat(rejected.type()).contains("job.submit");
    assertThat(rejected.sessionId()).contains("sess_9");
    assertThat(rejected.jobId()).contains("job_7");
    assertThat(rejected.error().message()).startsWith("payload.agent: agent 'Bad Agent': name must match");
  }
}
