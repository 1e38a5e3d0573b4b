package dev.arcpekko.protocol.message;

import static dev.arcpekko.protocol.Frames.frame;
import static dev.arcpekko.protocol.Frames.message;
import static dev.arcpekko.protocol.Frames.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.arcpekko.protocol.Envelope;
import dev.arcpekko.protocol.Frames;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Job messages of spec 1.0 §7 and 1.1 §7. */
class JobMessagesTest {
  private static final String JOB = "\"job_id\":\"job_1\"";

  @Test
  void submitReadsAgentInputLeaseConstraintsKeyAndRuntime() {
    JobSubmit submit = message(frame("job.submit", "{\"agent\":\"code-refactor@2.0.0\",\"input\":{\"n\":1},"
        + "\"lease_request\":{\"fs.read\":[\"/workspace/**\"],\"cost.budget\":[\"USD:5.00\"]},"
        + "\"lease_constraints\":{\"expires_at\":\"2026-05-13T23:42:00Z\",\"expiresAt\":\"ignored\"},"
        + "\"idempotency_key\":\"k1\",\"max_runtime_sec\":1800}"), JobSubmit.class);

    assertThat(submit.agent()).isEqualTo(AgentRef.parse("code-refactor@2.0.0"));
    assertThat(submit.input()).hasValueSatisfying(input -> assertThat(input.get("n").intValue()).isEqualTo(1));
    assertThat(submit.leaseRequest().asMap())
        .containsEntry("fs.read", List.of("/workspace/**"))
        .containsEntry("cost.budget", List.of("USD:5.00"));
    assertThat(submit.leaseConstraints()).hasValueSatisfying(c ->
        assertThat(c.expiresAt()).contains(Instant.parse("2026-05-13T23:42:00Z")));
    assertThat(submit.idempotencyKey()).contains("k1");
    assertThat(submit.maxRuntimeSec()).hasValue(1800);
  }

  @Test
  void submitWithoutALeaseRequestHasAnEmptyLease() {
    assertThat(message(frame("job.submit", "{\"agent\":\"echo\"}"), JobSubmit.class).leaseRequest().asMap())
        .isEmpty();
  }

  @Test
  void submitRejectsMalformedLeasesWithTheFieldPath() {
    assertThat(rejection(frame("job.submit", "{\"agent\":\"echo\",\"lease_request\":[]}")).message())
        .isEqualTo("payload.lease_request: expected an object, got an array");
    assertThat(rejection(frame("job.submit", "{\"agent\":\"echo\",\"lease_request\":{\"fs.read\":\"/x\"}}"))
        .message()).isEqualTo("payload.lease_request.fs.read: expected an array, got a string");
    assertThat(rejection(frame("job.submit", "{\"agent\":\"echo\",\"lease_request\":{\"fs.read\":[\"/a\",7]}}"))
        .message()).isEqualTo("payload.lease_request.fs.read[1]: expected a string, got a number");
  }

  @Test
  void submitRejectsExpiryThatIsNotUtc() {
    ErrorPayload error = rejection(frame("job.submit", "{\"agent\":\"echo\","
        + "\"lease_constraints\":{\"expires_at\":\"2026-05-13T23:42:00+00:00\"}}"));

    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(error.message()).startsWith("payload.lease_constraints.expires_at: ");
  }

  @Test
  void submitRejectsNonPositiveRuntimeAndEmptyKeys() {
    assertThat(rejection(frame("job.submit", "{\"agent\":\"echo\",\"max_runtime_sec\":0}")).message())
        .isEqualTo("payload.max_runtime_sec: must be at least 1, got 0");
    assertThat(rejection(frame("job.submit", "{\"agent\":\"echo\",\"idempotency_key\":\"\"}")).message())
        .isEqualTo("payload.idempotency_key: must not be empty");
  }

  @Test
  void acceptedCarriesBudgetCredentialsAndLineage() {
    JobAccepted accepted = message(frame("job.accepted", "{\"job_id\":\"job_2\",\"agent\":\"test-runner@1.0.0\","
        + "\"lease\":{},\"budget\":{\"USD\":5.00,\"credits\":1000},\"credentials\":[{\"id\":\"cred_1\","
        + "\"scheme\":\"bearer\",\"value\":\"sk-virt-1\",\"endpoint\":\"https://gw.example.com/v1\"}],"
        + "\"accepted_at\":\"2026-05-13T19:30:00Z\",\"parent_job_id\":\"job_1\",\"delegate_id\":\"del_T1\"}"),
        JobAccepted.class);

    assertThat(accepted.budget()).containsExactly(
        Map.entry("USD", new BigDecimal("5.00")), Map.entry("credits", new BigDecimal("1000")));
    assertThat(accepted.credentials()).singleElement().satisfies(c -> {
      assertThat(c.value()).isEqualTo("sk-virt-1");
      assertThat(c.toString()).doesNotContain("sk-virt-1");
    });
    assertThat(accepted.parentJobId()).contains("job_1");
    assertThat(accepted.delegateId()).contains("del_T1");
    assertThat(accepted.withoutCredentials().credentials()).isEmpty();
  }

  @Test
  void acceptedNeedsAcceptedAtAndAValidPayloadTraceId() {
    assertThat(rejection(frame("job.accepted", "{\"job_id\":\"job_2\",\"lease\":{}}")).message())
        .isEqualTo("payload.accepted_at: required field is missing");
    assertThat(rejection(frame("job.accepted", "{\"job_id\":\"job_2\",\"lease\":{},"
        + "\"accepted_at\":\"2026-05-13T19:30:00Z\",\"trace_id\":\"4bf92f...\"}")).message())
        .startsWith("payload.trace_id: must be a W3C trace-id");
  }

  @Test
  void resultIsInlineOrStreamedButNeverBoth() {
    assertThat(message(frame("job.result", "{\"final_status\":\"success\",\"result\":42}", JOB,
        "\"event_seq\":3"), JobResult.class).result()).contains(IntNode.valueOf(42));
    assertThat(message(frame("job.result", "{\"final_status\":\"success\",\"result_id\":\"res_1\","
        + "\"result_size\":31457280}", JOB, "\"event_seq\":3"), JobResult.class).resultSize()).hasValue(31457280);
    assertThat(rejection(frame("job.result", "{\"final_status\":\"success\",\"result\":1,\"result_id\":\"res_1\"}",
        JOB, "\"event_seq\":3")).message()).isEqualTo("payload: result and result_id are mutually exclusive");
    assertThatThrownBy(() -> new JobResult(Optional.of(IntNode.valueOf(1)), Optional.of("res_1"),
        java.util.OptionalLong.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resultFinalStatusMustBeSuccess() {
    assertThat(rejection(frame("job.result", "{\"final_status\":\"error\"}", JOB, "\"event_seq\":3")).message())
        .isEqualTo("payload.final_status: job.result requires 'success', got 'error'");
  }

  @Test
  void errorCarriesATerminalStatusOtherThanSuccess() {
    JobError error = message(frame("job.error", "{\"final_status\":\"cancelled\",\"code\":\"CANCELLED\","
        + "\"message\":\"User requested cancel\",\"retryable\":false}", JOB, "\"event_seq\":4"), JobError.class);

    assertThat(error.finalStatus()).isEqualTo(JobStatus.CANCELLED);
    assertThat(error.error().code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(rejection(frame("job.error", "{\"final_status\":\"success\",\"code\":\"CANCELLED\","
        + "\"message\":\"x\"}", "\"event_seq\":4")).message())
        .isEqualTo("payload.final_status: job.error requires error, cancelled or timed_out");
  }

  @Test
  void aJoblessErrorAnswersARejectedRequest() {
    Envelope envelope = Frames.decoded(frame("job.error", "{\"final_status\":\"error\","
        + "\"code\":\"AGENT_NOT_AVAILABLE\",\"message\":\"no such agent\"}", "\"event_seq\":1"));

    assertThat(envelope.jobId()).isEmpty();
  }

  @Test
  void cancelAndCancelledCarryAnOptionalReason() {
    assertThat(message(frame("job.cancel", "{\"reason\":\"User requested cancel\"}", JOB), JobCancel.class)
        .reason()).contains("User requested cancel");
    assertThat(message(frame("job.cancelled", "{}", JOB), JobCancelled.class).reason()).isEmpty();
  }

  @Test
  void subscribeTakesItsTargetFromThePayloadOrElseTheEnvelope() {
    assertThat(message(frame("job.subscribe", "{\"job_id\":\"job_A\",\"from_event_seq\":0,\"history\":true}"),
        JobSubscribe.class)).isEqualTo(new JobSubscribe("job_A", true, java.util.OptionalLong.of(0)));
    assertThat(message(frame("job.subscribe", "{}", "\"job_id\":\"job_B\""), JobSubscribe.class).jobId())
        .isEqualTo("job_B");
    assertThat(message(frame("job.unsubscribe", "{}", "\"job_id\":\"job_B\""), JobUnsubscribe.class).jobId())
        .isEqualTo("job_B");
    assertThat(rejection(frame("job.subscribe", "{\"history\":true}")).message())
        .isEqualTo("payload.job_id: required field is missing");
  }

  @Test
  void subscribeDefaultsToNoHistory() {
    assertThat(message(frame("job.subscribe", "{\"job_id\":\"job_A\"}"), JobSubscribe.class).history()).isFalse();
  }

  @Test
  void subscribedIsTheAuthorityDescriptor() {
    JobSubscribed subscribed = message(frame("job.subscribed", "{\"job_id\":\"job_A\",\"current_status\":\"running\","
        + "\"agent\":\"code-refactor@2.0.0\",\"lease\":{\"cost.budget\":[\"USD:5.00\"]},"
        + "\"lease_constraints\":{\"expires_at\":\"2026-05-13T23:42:00Z\"},\"budget\":{\"USD\":3.58},"
        + "\"parent_job_id\":null,\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"subscribed_from\":1830,"
        + "\"replayed\":false}"), JobSubscribed.class);

    assertThat(subscribed.currentStatus()).isEqualTo(JobStatus.RUNNING);
    assertThat(subscribed.budget()).containsEntry("USD", new BigDecimal("3.58"));
    assertThat(subscribed.parentJobId()).isEmpty();
    assertThat(subscribed.subscribedFrom()).isEqualTo(1830);
    assertThat(Frames.CODEC.encode(Envelope.of(subscribed))).contains("\"parent_job_id\":null");
  }

  @Test
  void jobStatusesKnowWhichAreTerminal() {
    assertThat(List.of(JobStatus.values())).filteredOn(JobStatus::isTerminal)
        .containsExactly(JobStatus.SUCCESS, JobStatus.ERROR, JobStatus.CANCELLED, JobStatus.TIMED_OUT);
    assertThat(JobStatus.fromWire("timed_out")).contains(JobStatus.TIMED_OUT);
  }
}
