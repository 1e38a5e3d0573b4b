package dev.arcpekko.protocol;

import static dev.arcpekko.protocol.error.ErrorCode.INVALID_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.message.JobSubmit;
import dev.arcpekko.protocol.message.SessionBye;
import dev.arcpekko.protocol.message.VendorMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A corpus of malformed frames. The codec answers each, quickly and without throwing, with a
 * rejection whose code is {@code INVALID_REQUEST}, whose message names what was wrong (and is no
 * stack trace), and which still carries the envelope {@code id}, {@code type} and {@code job_id}
 * when those were well-formed, so that the runtime can address its answer.
 */
class MalformedFrameTest {
  private static final ArcpCodec CODEC = new ArcpCodec();
  private static final Duration WITHIN = Duration.ofSeconds(2);
  private static final int MIB = 1024 * 1024;
  private static final String ACK = "{'last_processed_seq':1}";
  private static final String LOG =
      "{'kind':'log','ts':'2026-05-13T19:42:13Z','body':{'level':'info','message':'hi'}}";

  /** The envelope fields a rejection must still report. */
  record Salvage(Optional<String> id, Optional<String> type, Optional<String> jobId) {
    static final Salvage NOTHING = new Salvage(Optional.empty(), Optional.empty(), Optional.empty());

    static Salvage idAnd(String type) {
      return new Salvage(Optional.of("m1"), Optional.of(type), Optional.empty());
    }

    static Salvage idAndJob(String type) {
      return new Salvage(Optional.of("m1"), Optional.of(type), Optional.of("job_1"));
    }

    static Salvage typeOnly(String type) {
      return new Salvage(Optional.empty(), Optional.of(type), Optional.empty());
    }

    static Salvage idOnly() {
      return new Salvage(Optional.of("m1"), Optional.empty(), Optional.empty());
    }
  }

  /** One malformed frame, the code it must be rejected with and a text the message must contain. */
  record Case(String name, Supplier<String> frame, ErrorCode code, String mentions, Salvage salvage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> corpus() {
    return Stream.of(
        // Not a JSON object, or broken: the envelope fields read before the defect are salvaged.
        invalid("not JSON", "hello", "not valid JSON", Salvage.NOTHING),
        invalid("truncated JSON", json("{'arcp':'1.1','id':'m1','type':'session.ack','payload':{"),
            "not valid JSON", Salvage.idAnd("session.ack")),
        invalid("empty string", "", "frame is empty", Salvage.NOTHING),
        invalid("whitespace only", " \r\n\t ", "frame is empty", Salvage.NOTHING),
        invalid("JSON array", json("[{'arcp':'1.1'}]"), "got an array", Salvage.NOTHING),
        invalid("JSON string", json("'session.hello'"), "got a string", Salvage.NOTHING),
        invalid("JSON number", "42", "got a number", Salvage.NOTHING),
        invalid("JSON null", "null", "got null", Salvage.NOTHING),
        invalid("JSON true", "true", "got a boolean", Salvage.NOTHING),
        invalid("trailing garbage", frame("session.ack", ACK) + "garbage", "not valid JSON",
            Salvage.idAnd("session.ack")),
        invalid("second value after the object", frame("session.ack", ACK) + "{}",
            "unexpected content after the JSON object", Salvage.idAnd("session.ack")),
        // An id that occurs twice is ambiguous, so it is not salvaged.
        invalid("duplicate key", json("{'arcp':'1.1','id':'m1','id':'m2','type':'session.ack','payload':"
            + ACK + "}"), "Duplicate field 'id'", Salvage.typeOnly("session.ack")),
        invalid("invalid unicode escape", frame("session.bye", "{'reason':'\\uZZZZ'}"),
            "not valid JSON", Salvage.idAnd("session.bye")),

        // Envelope fields.
        invalid("missing arcp", json("{'id':'m1','type':'session.ack','payload':" + ACK + "}"),
            "arcp: required field is missing", Salvage.idAnd("session.ack")),
        invalid("unsupported arcp 2", frame("session.ack", ACK).replace("\"1.1\"", "\"2\""),
            "arcp: unsupported protocol version '2'", Salvage.idAnd("session.ack")),
        invalid("arcp as a number", frame("session.ack", ACK).replace("\"1.1\"", "1.1"),
            "arcp: expected a string, got a number", Salvage.idAnd("session.ack")),
        invalid("missing id", json("{'arcp':'1.1','type':'session.ack','payload':" + ACK + "}"),
            "id: required field is missing", Salvage.typeOnly("session.ack")),
        invalid("empty id", frame("session.ack", ACK).replace("\"m1\"", "\"\""),
            "id: must not be empty", Salvage.typeOnly("session.ack")),
        invalid("id as a number", frame("session.ack", ACK).replace("\"m1\"", "7"),
            "id: expected a string, got a number", Salvage.typeOnly("session.ack")),
        invalid("missing type", json("{'arcp':'1.1','id':'m1','payload':" + ACK + "}"),
            "type: required field is missing", Salvage.idOnly()),
        invalid("unknown core type", frame("job.frobnicate", "{}"),
            "unknown message type 'job.frobnicate'", Salvage.idAnd("job.frobnicate")),
        invalid("unknown type outside any namespace", frame("frobnicate", "{}"),
            "unknown message type 'frobnicate'", Salvage.idAnd("frobnicate")),
        invalid("missing payload", json("{'arcp':'1.1','id':'m1','type':'session.ack'}"),
            "payload: required field is missing", Salvage.idAnd("session.ack")),
        invalid("payload not an object", frame("session.ack", "[1]"),
            "payload: expected an object, got an array", Salvage.idAnd("session.ack")),
        invalid("session_id not a string", frame("session.ack", ACK).replace("\"sess_1\"", "42"),
            "session_id: expected a string, got a number", Salvage.idAnd("session.ack")),
        badTraceId("uppercase trace_id", "4BF92F3577B34DA6A3CE929D0E0E4736"),
        badTraceId("31-digit trace_id", "4bf92f3577b34da6a3ce929d0e0e473"),
        badTraceId("non-hex trace_id", "4bf92f3577b34da6a3ce929d0e0e473g"),
        badTraceId("all-zero trace_id", "0".repeat(32)),
        badEventSeq("negative event_seq", "-1", "event_seq: must be at least 0"),
        badEventSeq("fractional event_seq", "1.5", "event_seq: expected an integer, got a number"),
        badEventSeq("event_seq beyond 64 bits", "99999999999999999999999", "event_seq: integer out of range"),
        badEventSeq("event_seq 1e400", "1e400", "event_seq: integer out of range"),
        badEventSeq("event_seq as a string", "'7'", "event_seq: expected an integer, got a string"),
        invalid("job.cancel without job_id", frame("job.cancel", "{'reason':'stop'}"),
            "job_id: job.cancel requires an envelope job_id",
            Salvage.idAnd("job.cancel")),
        invalid("job.event without event_seq",
            frame("job.event", LOG).replace("\"session_id\"", "\"job_id\":\"job_1\",\"session_id\""),
            "event_seq: job.event requires an envelope event_seq", Salvage.idAndJob("job.event")),

        // Payload fields.
        invalid("session.ack seq 1e999999", frame("session.ack", "{'last_processed_seq':1e999999}"),
            "payload.last_processed_seq: integer out of range", Salvage.idAnd("session.ack")),
        invalid("metric value 1e999999", jobFrame("job.event",
                "{'kind':'metric','ts':'2026-05-13T19:42:13Z','body':{'name':'rows','value':1e999999}}"),
            "payload.body.value: number outside the supported range", Salvage.idAndJob("job.event")),
        invalid("session.ack seq as a string", frame("session.ack", "{'last_processed_seq':'1'}"),
            "payload.last_processed_seq: expected an integer, got a string", Salvage.idAnd("session.ack")),
        badSubmit("agent as a number", "{'agent':7}", "payload.agent: expected a string, got a number"),
        badSubmit("lease_request as an array", "{'agent':'code-refactor','lease_request':[]}",
            "payload.lease_request: expected an object, got an array"),
        badSubmit("lease_request fs.read as a string",
            "{'agent':'code-refactor','lease_request':{'fs.read':'/workspace/**'}}",
            "payload.lease_request.fs.read: expected an array, got a string"),
        badSubmit("lease pattern as a number", "{'agent':'code-refactor','lease_request':{'fs.read':[7]}}",
            "payload.lease_request.fs.read[0]: expected a string, got a number"),
        badSubmit("agent 'Bad Agent'", "{'agent':'Bad Agent'}", "payload.agent: agent 'Bad Agent': name"),
        badSubmit("agent 'a@'", "{'agent':'a@'}", "payload.agent: agent 'a@': version"),
        badSubmit("expires_at with offset +00:00",
            "{'agent':'code-refactor','lease_constraints':{'expires_at':'2026-05-13T23:42:00+00:00'}}",
            "payload.lease_constraints.expires_at"),
        invalid("job.result with result and result_id",
            jobFrame("job.result", "{'final_status':'success','result':{},'result_id':'res_1'}"),
            "result and result_id are mutually exclusive", Salvage.idAndJob("job.result")),
        invalid("job.error with final_status success", jobFrame("job.error",
                "{'final_status':'success','code':'INTERNAL_ERROR','message':'boom','retryable':true}"),
            "payload.final_status: job.error requires error", Salvage.idAndJob("job.error")),
        badError("error with an unknown code", "{'code':'NOPE','message':'boom','retryable':false}",
            "payload.code: unknown error code 'NOPE'"),
        badError("error with an empty message", "{'code':'TIMEOUT','message':'','retryable':true}",
            "payload.message: must not be empty"),
        badError("INTERNAL_ERROR not retryable",
            "{'code':'INTERNAL_ERROR','message':'boom','retryable':false}",
            "payload.retryable: INTERNAL_ERROR requires retryable=true"),

        // Limits: refused before or while parsing; the envelope fields ahead of the payload are salvaged.
        nestingBomb(10_000),
        nestingBomb(100_000),
        new Case("10 MB string value",
            () -> frame("session.bye", "{'reason':'" + "x".repeat(10_000_000) + "'}"),
            INVALID_REQUEST, "frame exceeds the 1048576-byte limit", Salvage.idAnd("session.bye")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void rejectsWithInvalidRequestNamingTheDefect(Case malformed) {
    String frame = malformed.frame().get();

    DecodeResult result = assertTimeoutPreemptively(WITHIN, () -> CODEC.decode(frame));

    assertThat(result).as("decoding %s", malformed).isInstanceOf(DecodeResult.Rejected.class);
    DecodeResult.Rejected rejected = (DecodeResult.Rejected) result;
    assertThat(rejected.error().code()).isEqualTo(malformed.code());
    assertThat(rejected.error().message())
        .contains(malformed.mentions())
        .doesNotContain("Exception", "at dev.")
        .hasSizeLessThanOrEqualTo(300);
    assertThat(new Salvage(rejected.id(), rejected.type(), rejected.jobId())).isEqualTo(malformed.salvage());
  }

  @Test
  void decodesAVendorTypeAsAVendorMessage() throws JsonProcessingException {
    String frame = frame("x-acme.thing", "{'answer':42}");

    DecodeResult result = CODEC.decode(frame);

    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    Envelope envelope = ((DecodeResult.Decoded) result).envelope();
    assertThat(envelope.message()).isInstanceOf(VendorMessage.class);
    JsonEquivalence.assertEquivalent(CODEC.parse(frame), CODEC.toTree(envelope));
  }

  @Test
  void decodesAnInputJustUnderTheFrameLimit() {
    String document = "x".repeat(MIB - 1024);
    String frame = frame("job.submit", "{'agent':'code-refactor','input':'" + document + "'}");

    DecodeResult result = assertTimeoutPreemptively(WITHIN, () -> CODEC.decode(frame));

    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    JobSubmit submit = (JobSubmit) ((DecodeResult.Decoded) result).envelope().message();
    assertThat(submit.input()).hasValueSatisfying(input ->
        assertThat(input.textValue().length()).isEqualTo(document.length()));
  }

  /** JSON escapes of unpaired or reversed UTF-16 surrogates (backslashes doubled for Java). */
  @ParameterizedTest
  @ValueSource(strings = {"\\uD800", "\\uDFFF", "\\uDC00\\uD800", "a\\uD83Db"})
  void refusesUnpairedSurrogateEscapesBecauseTheyHaveNoUtf8Form(String escapes) {
    String frame = frame("session.bye", "{'reason':'" + escapes + "'}");

    DecodeResult result = assertTimeoutPreemptively(WITHIN, () -> CODEC.decode(frame));

    assertThat(result).isInstanceOfSatisfying(DecodeResult.Rejected.class, rejected -> {
      assertThat(rejected.error().message())
          .isEqualTo("payload.reason: contains an unpaired UTF-16 surrogate escape (strings must be valid Unicode)");
      assertThat(rejected.id()).contains("m1");
    });
  }

  @Test
  void acceptsEscapedSurrogatePairs() {
    String frame = frame("session.bye", "{'reason':'\\uD83D\\uDE00'}");

    SessionBye bye = (SessionBye) ((DecodeResult.Decoded) CODEC.decode(frame)).envelope().message();

    assertThat(bye.reason()).contains("\uD83D\uDE00");
  }

  private static Case invalid(String name, String frame, String mentions, Salvage salvage) {
    return new Case(name, () -> frame, INVALID_REQUEST, mentions, salvage);
  }

  private static Case badTraceId(String name, String traceId) {
    String frame = frame("session.ack", ACK)
        .replace("\"session_id\"", "\"trace_id\":\"" + traceId + "\",\"session_id\"");
    return invalid(name, frame, "trace_id: must be a W3C trace-id", Salvage.idAnd("session.ack"));
  }

  private static Case badEventSeq(String name, String eventSeq, String mentions) {
    String frame = jobFrame("job.event", LOG).replace("\"event_seq\":1", "\"event_seq\":" + json(eventSeq));
    return invalid(name, frame, mentions, Salvage.idAndJob("job.event"));
  }

  private static Case badSubmit(String name, String payload, String mentions) {
    return invalid(name, frame("job.submit", payload), mentions, Salvage.idAnd("job.submit"));
  }

  private static Case badError(String name, String payload, String mentions) {
    return invalid(name, frame("session.error", payload), mentions, Salvage.idAnd("session.error"));
  }

  /** {@code depth} nested arrays inside an otherwise valid payload. */
  private static Case nestingBomb(int depth) {
    return new Case(depth + " nested arrays in the payload",
        () -> frame("x-acme.deep", "{'value':" + "[".repeat(depth) + "]".repeat(depth) + "}"),
        INVALID_REQUEST, "frame exceeds limits: nesting deeper than 64 levels", Salvage.idAnd("x-acme.deep"));
  }

  /** A session-scoped frame with id {@code m1}; single quotes in the payload stand for double quotes. */
  private static String frame(String type, String payload) {
    return json("{'arcp':'1.1','id':'m1','type':'" + type + "','session_id':'sess_1','payload':"
        + payload + "}");
  }

  /** A job-scoped frame: {@link #frame} with {@code job_id} {@code job_1} and {@code event_seq} 1. */
  private static String jobFrame(String type, String payload) {
    return json("{'arcp':'1.1','id':'m1','type':'" + type + "','session_id':'sess_1','job_id':'job_1',"
        + "'event_seq':1,'payload':" + payload + "}");
  }

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
