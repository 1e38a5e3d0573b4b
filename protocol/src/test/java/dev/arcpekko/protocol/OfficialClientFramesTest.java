package dev.arcpekko.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.message.Auth;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobSubmit;
import dev.arcpekko.protocol.message.JobSubscribe;
import dev.arcpekko.protocol.message.Message;
import dev.arcpekko.protocol.message.SessionClose;
import dev.arcpekko.protocol.message.SessionHello;
import dev.arcpekko.protocol.message.SessionListJobs;
import dev.arcpekko.protocol.message.SessionPong;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames shaped the way the official TypeScript and Java clients send them
 * ({@code ../shared/brief/interop.md}) decode into the messages they mean.
 */
class OfficialClientFramesTest {
  private static final String SESSION = "\"session_id\":\"sess_01M87YDH45DAF3PW0JXH7QW9B3\"";

  private static Message message(String frame) {
    return Frames.decoded(frame).message();
  }

  @Test
  void javaClientHelloWithFlatResumeAndAnonymousAuth() {
    SessionHello hello = (SessionHello) message("{\"arcp\":\"1.1\",\"id\":\"01M87YDH6SE1NTRTESR42EDJQ1\","
        + "\"type\":\"session.hello\",\"payload\":{\"client\":{\"name\":\"arcp-java\",\"version\":\"1.0.0\"},"
        + "\"auth\":{\"scheme\":\"anonymous\"},\"capabilities\":{\"encodings\":[\"json\"]},"
        + "\"resume_token\":\"rt_abc\",\"last_event_seq\":41}}");

    assertThat(hello.auth()).contains(new Auth("anonymous", Optional.empty()));
    assertThat(hello.capabilities().features()).isEmpty();
    assertThat(hello.resume()).hasValueSatisfying(resume -> {
      assertThat(resume.sessionId()).isEmpty();
      assertThat(resume.lastEventSeq()).isEqualTo(41);
    });
  }

  @Test
  void typeScriptClientHelloWithAllElevenFeaturesAndANestedResume() {
    SessionHello hello = (SessionHello) message("{\"arcp\":\"1.1\",\"id\":\"msg_01M87YDZ2VZMS7PJG6SCXFC2HS\","
        + "\"type\":\"session.hello\",\"payload\":{\"client\":{\"name\":\"arcp-ts\",\"version\":\"1.0.0\"},"
        + "\"auth\":{\"scheme\":\"bearer\",\"token\":\"t1\"},\"capabilities\":{\"encodings\":[\"json\"],"
        + "\"features\":[\"heartbeat\",\"ack\",\"list_jobs\",\"subscribe\",\"lease_expires_at\",\"cost.budget\","
        + "\"progress\",\"result_chunk\",\"agent_versions\",\"model.use\",\"provisioned_credentials\"]},"
        + "\"resume\":{\"session_id\":\"sess_A1\",\"resume_token\":\"rt_x\",\"last_event_seq\":40}}}");

    assertThat(hello.capabilities().features()).containsExactlyInAnyOrder(Feature.values());
    assertThat(hello.resume()).hasValueSatisfying(resume -> assertThat(resume.sessionId()).contains("sess_A1"));
  }

  @Test
  void javaClientSubmitWithBothExpirySpellingsAndNanoseconds() {
    JobSubmit submit = (JobSubmit) message("{\"arcp\":\"1.1\",\"id\":\"01M87YDH6WCQCQB8QEXMZ74NEC\","
        + "\"type\":\"job.submit\"," + SESSION + ",\"payload\":{\"agent\":\"echo@2.0.0\",\"input\":{\"n\":1},"
        + "\"lease_request\":{\"fs.read\":[\"/workspace/**\"],\"cost.budget\":[\"USD:5.00\"]},"
        + "\"lease_constraints\":{\"expires_at\":\"2026-11-25T00:31:51.644297576Z\","
        + "\"expiresAt\":\"2026-11-25T00:31:51.644297576Z\"},\"idempotency_key\":\"key-1\",\"max_runtime_sec\":60}}");

    assertThat(submit.leaseConstraints()).hasValueSatisfying(c ->
        assertThat(c.expiresAt()).contains(Instant.parse("2026-11-25T00:31:51.644297576Z")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"job_id\":\"job_1\",\"payload\":{\"job_id\":\"job_1\",\"history\":true}",
      "\"payload\":{\"job_id\":\"job_1\",\"history\":true}",
      "\"job_id\":\"job_1\",\"payload\":{\"history\":true}"})
  void subscribeTargetsTheJobInTheEnvelopeThePayloadOrBoth(String jobAndPayload) {
    String frame = "{\"arcp\":\"1.1\",\"id\":\"m1\",\"type\":\"job.subscribe\"," + SESSION + ","
        + jobAndPayload + "}";

    assertThat(((JobSubscribe) message(frame)).jobId()).isEqualTo("job_1");
  }

  @Test
  void javaClientListWithInstantFilterAndNoCursor() {
    SessionListJobs list = (SessionListJobs) message("{\"arcp\":\"1.1\",\"id\":\"01M87YDH7B5VR7VE6SE45HDDYZ\","
        + "\"type\":\"session.list_jobs\"," + SESSION + ",\"payload\":{\"filter\":{\"status\":[\"running\"],"
        + "\"agent\":\"echo\",\"created_after\":\"2026-11-24T23:31:51.659982644Z\"},\"limit\":50}}");

    assertThat(list.cursor()).isEmpty();
    assertThat(list.limit()).hasValue(50);
  }

  @Test
  void javaClientPongAndCloseDecode() {
    assertThat(message("{\"arcp\":\"1.1\",\"id\":\"01M87YDH7FJMD7PTEPNXYKWB2B\",\"type\":\"session.pong\","
        + SESSION + ",\"payload\":{\"ping_nonce\":\"msg_1\",\"received_at\":\"2026-11-24T23:31:51.663113779Z\"}}"))
        .isEqualTo(new SessionPong("msg_1", Optional.of(Instant.parse("2026-11-24T23:31:51.663113779Z"))));
    assertThat(message("{\"arcp\":\"1.1\",\"id\":\"01M87YDH7FJMD7PTEPNXYKWB2C\",\"type\":\"session.close\","
        + SESSION + ",\"payload\":{\"reason\":\"done\"}}")).isEqualTo(new SessionClose(Optional.of("done")));
  }
}
