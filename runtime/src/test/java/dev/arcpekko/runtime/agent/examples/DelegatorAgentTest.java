package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.ChildOutcome;
import dev.arcpekko.runtime.agent.Delegation;
import dev.arcpekko.runtime.agent.DelegationRequest;
import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DelegatorAgentTest {
  private static final String INPUT =
      "{\"agent\": \"echo@1.0.0\", \"input\": {\"q\": 1}, \"lease_request\": {\"fs.read\": [\"/w/**\"]}}";

  @Test
  void delegatesOneChildWithTheGivenLeaseAndReturnsItsIdAndResult() throws Exception {
    RecordingJobContext context = RecordingJobContext.firstRun("delegator@1.0.0", Json.parse(INPUT))
        .answeringDelegations(request -> new Delegation.Delegated("del_1", "job_child",
            CompletableFuture.completedFuture(new ChildOutcome(JobStatus.SUCCESS,
                Json.parse("{\"final_status\": \"success\", \"result\": {\"echoed\": true}}")))));

    assertThat(new DelegatorAgent().run(context).toString())
        .isEqualTo("{\"child_job_id\":\"job_child\",\"child_result\":{\"echoed\":true}}");
    DelegationRequest asked = context.delegations().get(0);
    assertThat(asked.agent()).isEqualTo("echo@1.0.0");
    assertThat(asked.input().toString()).isEqualTo("{\"q\":1}");
    assertThat(asked.leaseRequest()).isEqualTo(Map.of("fs.read", List.of("/w/**")));
    assertThat(asked.constraints().expiresAt()).isEmpty();
  }

  @Test
  void aRefusedDelegationFailsTheJobWithTheRefusalsCode() {
    RecordingJobContext context = RecordingJobContext.firstRun("delegator@1.0.0", Json.parse(INPUT))
        .answeringDelegations(request -> new Delegation.Refused("del_1",
            ErrorPayload.of(ErrorCode.LEASE_SUBSET_VIOLATION, "wider than the parent")));

    assertThatThrownBy(() -> new DelegatorAgent().run(context)).isInstanceOf(AgentFailure.class)
        .satisfies(failure -> assertThat(((AgentFailure) failure).error().code())
            .isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION));
  }

  @Test
  void aChildThatFailedFailsTheJobWithTheChildsError() {
    RecordingJobContext context = RecordingJobContext.firstRun("delegator@1.0.0", Json.parse(INPUT))
        .answeringDelegations(request -> new Delegation.Delegated("del_1", "job_child",
            CompletableFuture.completedFuture(new ChildOutcome(JobStatus.ERROR, Json.parse(
                "{\"final_status\": \"error\", \"code\": \"PERMISSION_DENIED\", \"message\": \"no\","
                    + " \"retryable\": false}")))));

    assertThatThrownBy(() -> new DelegatorAgent().run(context)).isInstanceOf(AgentFailure.class)
        .satisfies(failure -> assertThat(((AgentFailure) failure).error().code())
            .isEqualTo(ErrorCode.PERMISSION_DENIED));
  }

  @Test
  void inputWithoutAnAgentIsAnInvalidRequest() {
    RecordingJobContext context = RecordingJobContext.firstRun("delegator@1.0.0", Json.parse("{}"));

    assertThatThrownBy(() -> new DelegatorAgent().run(context)).isInstanceOf(AgentFailure.class)
        .satisfies(failure -> assertThat(((AgentFailure) failure).error().code())
            .isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThat(context.delegations()).isEmpty();
  }
}
