package dev.arcpekko.runtime.agent;

import dev.arcpekko.protocol.error.ErrorPayload;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** The answer to {@link JobContext#delegate}: a child job was created, or the delegation was refused. */
public sealed interface Delegation {

  /** The delegation's id, the {@code delegate_id} of the parent's {@code delegate} event. */
  String delegateId();

  /**
   * The child job {@code childJobId} was created; {@code outcome} completes when it ends (an agent
   * that does not need the result need not wait for it).
   */
  record Delegated(String delegateId, String childJobId, CompletionStage<ChildOutcome> outcome)
      implements Delegation {
    public Delegated {
      Objects.requireNonNull(delegateId, "delegateId");
      Objects.requireNonNull(childJobId, "childJobId");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * No child was created: {@code error} says why ({@code LEASE_SUBSET_VIOLATION},
   * {@code PERMISSION_DENIED}, {@code AGENT_NOT_AVAILABLE} …). The parent's journal shows it as a
   * {@code tool_result} error whose {@code call_id} is the delegation id.
   */
  record Refused(String delegateId, ErrorPayload error) implements Delegation {
    public Refused {
      Objects.requireNonNull(delegateId, "delegateId");
      Objects.requireNonNull(error, "error");
    }
  }
}
