package dev.arcpekko.protocol.message;

import static dev.arcpekko.protocol.Frames.frame;
import static dev.arcpekko.protocol.Frames.message;
import static dev.arcpekko.protocol.Frames.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.Envelope;
import dev.arcpekko.protocol.Frames;
import dev.arcpekko.protocol.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session messages of spec 1.0 §6 and 1.1 §6, including the three resume request forms. */
class SessionMessagesTest {
  private static final String HELLO_HEAD = "\"client\":{\"name\":\"examplectl\",\"version\":\"0.4.1\"},"
      + "\"auth\":{\"scheme\":\"bearer\",\"token\":\"t1\"}";

  @Test
  void helloCarriesClientAuthAndFeatures() {
    SessionHello hello = message(frame("session.hello", "{" + HELLO_HEAD
        + ",\"capabilities\":{\"encodings\":[\"json\"],\"features\":[\"heartbeat\",\"ack\",\"x-unknown\"]}}"),
        SessionHello.class);

    assertThat(hello.client()).contains(new ClientInfo("examplectl", "0.4.1", Optional.empty()));
    assertThat(hello.auth()).contains(Auth.bearer("t1"));
    assertThat(hello.capabilities().encodings()).containsExactly("json");
    assertThat(hello.capabilities().features()).containsExactlyInAnyOrder(Feature.HEARTBEAT, Feature.ACK);
    assertThat(hello.resume()).isEmpty();
  }

  @Test
  void helloWithoutCapabilitiesOrFeaturesMeansNoFeatures() {
    assertThat(message(frame("session.hello", "{" + HELLO_HEAD + "}"), SessionHello.class).capabilities())
        .isEqualTo(Capabilities.none());
  }

  @Test
  void helloWithoutAuthIsLeftToTheRuntimeToRefuse() {
    assertThat(message(frame("session.hello", "{}"), SessionHello.class).auth()).isEmpty();
  }

  @Test
  void authTokensNeverAppearInToString() {
    assertThat(Auth.bearer("s3cret").toString()).doesNotContain("s3cret");
  }

  @Test
  void resumeIsReadFromTheNestedBlock() {
    SessionHello hello = message(frame("session.hello", "{" + HELLO_HEAD
        + ",\"resume\":{\"session_id\":\"sess_A1\",\"resume_token\":\"rt_X1\",\"last_event_seq\":40}}"),
        SessionHello.class);

    assertThat(hello.resume()).contains(new ResumeRequest(Optional.of("sess_A1"), "rt_X1", 40));
  }

  @Test
  void resumeIsReadFromTheJavaSdkFlatFieldsWithoutASessionId() {
    SessionHello hello = message(frame("session.hello", "{" + HELLO_HEAD
        + ",\"resume_token\":\"rt_X1\",\"last_event_seq\":40}"), SessionHello.class);

    assertThat(hello.resume()).contains(new ResumeRequest(Optional.empty(), "rt_X1", 40));
  }

  @Test
  void resumeIsReadFromASessionResumeMessage() {
    SessionResume resume = message(frame("session.resume",
        "{\"auth\":{\"scheme\":\"bearer\",\"token\":\"t1\"},\"resume_token\":\"rt_X1\",\"last_event_seq\":7}",
        "\"session_id\":\"sess_A1\""), SessionResume.class);

    assertThat(resume.auth()).contains(Auth.bearer("t1"));
    assertThat(resume.request()).isEqualTo(new ResumeRequest(Optional.empty(), "rt_X1", 7));
  }

  @Test
  void resumeWithANegativeSeqIsInvalid() {
    assertThat(rejection(frame("session.hello", "{\"resume\":{\"resume_token\":\"rt\",\"last_event_seq\":-1}}"))
        .message()).isEqualTo("payload.resume.last_event_seq: must be at least 0, got -1");
  }

  @Test
  void welcomeCarriesRichAndFlatAgentInventories() {
    SessionWelcome welcome = message(frame("session.welcome", "{\"runtime\":{\"name\":\"r\",\"version\":\"1\"},"
        + "\"resume_token\":\"rt_1\",\"resume_window_sec\":600,\"heartbeat_interval_sec\":30,"
        + "\"capabilities\":{\"encodings\":[\"json\"],\"agents\":[\"legacy\","
        + "{\"name\":\"code-refactor\",\"versions\":[\"1.0.0\",\"2.0.0\"],\"default\":\"2.0.0\"}]}}"),
        SessionWelcome.class);

    assertThat(welcome.heartbeatIntervalSec()).hasValue(30);
    assertThat(welcome.capabilities().agents()).containsExactly(
        AgentEntry.named("legacy"),
        AgentEntry.versioned("code-refactor", List.of("1.0.0", "2.0.0"), Optional.of("2.0.0")));
    assertThat(welcome.toString()).doesNotContain("rt_1");
  }

  @Test
  void welcomeOmitsTheFeatureKeyWhenNoFeatureIsShared() {
    SessionWelcome welcome = new SessionWelcome(new RuntimeInfo("r", "1"), "rt_1", 600, OptionalLong.empty(),
        new Capabilities(List.of("json"), Set.of(), List.of()));

    assertThat(Frames.CODEC.toTree(Envelope.of(welcome)).at("/payload/capabilities").has("features")).isFalse();
  }

  @Test
  void welcomeNeedsAPositiveResumeWindow() {
    assertThat(rejection(frame("session.welcome", "{\"runtime\":{\"name\":\"r\",\"version\":\"1\"},"
        + "\"resume_token\":\"rt\",\"resume_window_sec\":0,\"capabilities\":{}}")).message())
        .isEqualTo("payload.resume_window_sec: must be at least 1, got 0");
  }

  @Test
  void errorPayloadsAreCheckedForCodeMessageAndRetryability() {
    assertThat(message(frame("session.error", "{\"code\":\"UNAUTHENTICATED\",\"message\":\"Unknown bearer token\","
        + "\"retryable\":false}"), SessionError.class).error().code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    assertThat(rejection(frame("session.error", "{\"code\":\"NOPE\",\"message\":\"x\"}")).message())
        .isEqualTo("payload.code: unknown error code 'NOPE'");
    assertThat(rejection(frame("session.error", "{\"code\":\"TIMEOUT\",\"message\":\"\"}")).message())
        .isEqualTo("payload.message: must not be empty");
    assertThat(rejection(frame("session.error", "{\"code\":\"TIMEOUT\",\"message\":\"  \"}")).message())
        .isEqualTo("payload.message: must not be blank");
    assertThat(rejection(frame("session.error", "{\"code\":\"INTERNAL_ERROR\",\"message\":\"x\","
        + "\"retryable\":false}")).message()).isEqualTo("payload.retryable: INTERNAL_ERROR requires retryable=true");
  }

  @Test
  void pingAndPongCarryNonceAndNanosecondTimestamps() {
    SessionPing ping = message(frame("session.ping",
        "{\"nonce\":\"p_1\",\"sent_at\":\"2026-05-13T19:42:13.123456789Z\"}"), SessionPing.class);
    SessionPong pong = message(frame("session.pong",
        "{\"ping_nonce\":\"p_1\",\"received_at\":\"2026-05-13T21:42:13.020+02:00\"}"), SessionPong.class);

    assertThat(ping.sentAt()).contains(Instant.parse("2026-05-13T19:42:13.123456789Z"));
    assertThat(pong.pingNonce()).isEqualTo("p_1");
    assertThat(pong.receivedAt()).contains(Instant.parse("2026-05-13T19:42:13.020Z"));
  }

  @Test
  void ackNeedsANonNegativeInteger() {
    assertThat(rejection(frame("session.ack", "{\"last_processed_seq\":\"12\"}")).message())
        .isEqualTo("payload.last_processed_seq: expected an integer, got a string");
    assertThat(rejection(frame("session.ack", "{}")).message())
        .isEqualTo("payload.last_processed_seq: required field is missing");
  }

  @Test
  void listJobsReadsFiltersLimitAndCursor() {
    SessionListJobs list = message(frame("session.list_jobs", "{\"filter\":{\"status\":[\"running\",\"pending\"],"
        + "\"agent\":\"code-refactor\",\"created_after\":\"2026-05-13T00:00:00Z\"},\"limit\":100,\"cursor\":null}"),
        SessionListJobs.class);

    assertThat(list.filter().status()).containsExactly(JobStatus.RUNNING, JobStatus.PENDING);
    assertThat(list.filter().agent()).contains(AgentRef.parse("code-refactor"));
    assertThat(list.filter().createdAfter()).contains(Instant.parse("2026-05-13T00:00:00Z"));
    assertThat(list.limit()).hasValue(100);
    assertThat(list.cursor()).isEmpty();
  }

  @Test
  void listJobsRejectsUnknownStatusesAndNonPositiveLimits() {
    assertThat(rejection(frame("session.list_jobs", "{\"filter\":{\"status\":[\"running\",\"paused\"]}}")).message())
        .startsWith("payload.filter.status[1]: unknown job status 'paused'");
    assertThat(rejection(frame("session.list_jobs", "{\"limit\":0}")).message())
        .isEqualTo("payload.limit: must be at least 1, got 0");
  }

  @Test
  void jobsPagesAlwaysWriteNextCursor() {
    SessionJobs page = new SessionJobs("msg_1", List.of(), Optional.empty());

    assertThat(Frames.CODEC.encode(Envelope.of(page))).contains("\"next_cursor\":null");
  }

  @Test
  void jobsEntriesAlwaysCarryTheirLastEventSeq() {
    assertThat(rejection(frame("session.jobs", "{\"request_id\":\"msg_1\",\"next_cursor\":null,\"jobs\":[{"
        + "\"job_id\":\"job_1\",\"agent\":\"echo@1.0.0\",\"status\":\"success\",\"lease\":{},"
        + "\"created_at\":\"2026-05-13T19:30:00Z\"}]}")).message())
        .isEqualTo("payload.jobs[0].last_event_seq: required field is missing");
  }

  @Test
  void closeMessagesCarryAnOptionalReason() {
    assertThat(message(frame("session.bye", "{\"reason\":\"client_shutdown\"}"), SessionBye.class).reason())
        .contains("client_shutdown");
    assertThat(message(frame("session.close", "{}"), SessionClose.class).reason()).isEmpty();
    assertThat(message(frame("session.closed", "{}"), SessionClosed.class).reason()).isEmpty();
  }
}
