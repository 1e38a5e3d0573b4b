package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.ChildOutcome;
import dev.arcpekko.runtime.agent.Delegation;
import dev.arcpekko.runtime.agent.DelegationRequest;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * {@code delegator@1.0.0}: input {@code {agent, input?, lease_request?}}. Delegates one child job
 * running {@code agent} with {@code input} and the lease {@code lease_request} (no constraints, so
 * the child inherits this job's expiry), waits for it and returns
 * {@code {"child_job_id": …, "child_result": <the child's inline result>}}. A refused delegation
 * fails the job with the refusal's code ({@code LEASE_SUBSET_VIOLATION}, {@code PERMISSION_DENIED}
 * without an {@code agent.delegate} grant, {@code AGENT_NOT_AVAILABLE} …), and so does a child that
 * did not succeed, with the child's error.
 */
public final class DelegatorAgent extends SingleVersionAgent {
  private record Input(String agent, JsonNode input, Map<String, List<String>> leaseRequest) {}

  public DelegatorAgent() {
    super("delegator", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) throws AgentFailure, InterruptedException {
    Input input = ExampleInput.read(context.input(), in -> new Input(in.requireNonEmptyString("agent"),
        in.optionalAny("input").orElse(NullNode.getInstance()),
        in.optionalMap("lease_request", JsonObjectReader::stringArray).orElse(Map.of())));
    Delegation delegation = context.delegate(
        new DelegationRequest(input.agent(), input.input(), input.leaseRequest(), LeaseConstraints.none()));
    if (delegation instanceof Delegation.Refused refused) {
      throw new AgentFailure(refused.error());
    }
    Delegation.Delegated delegated = (Delegation.Delegated) delegation;
    ChildOutcome outcome = awaitOutcome(delegated);
    if (outcome.error().isPresent()) {
      throw new AgentFailure(outcome.error().get());
    }
    return JsonObjectWriter.create()
        .put("child_job_id", delegated.childJobId())
        .put("child_result", outcome.result().orElse(NullNode.getInstance()))
        .node();
  }

  private static ChildOutcome awaitOutcome(Delegation.Delegated delegated) throws AgentFailure, InterruptedException {
    try {
      return delegated.outcome().toCompletableFuture().get();
    } catch (ExecutionException | CancellationException ending) {
      // Only this job ending completes the outcome exceptionally: the job's own end says why.
      throw new AgentFailure(ErrorPayload.of(ErrorCode.CANCELLED, "the job ended while child "
          + delegated.childJobId() + " was running"));
    }
  }
}
