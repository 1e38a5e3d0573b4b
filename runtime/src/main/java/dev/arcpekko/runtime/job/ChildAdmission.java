package dev.arcpekko.runtime.job;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.event.DelegateBody;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.lease.Budget;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.agent.AgentRegistry.Resolution;
import dev.arcpekko.runtime.agent.DelegationRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, on the parent agent's thread, whether a delegation may create a child job (spec 1.0
 * §10, 1.1 §9.4, §10): the child agent must exist; the child lease must be a subset of the parent's
 * by glob containment; its {@code cost.budget} must fit the parent's remaining counters and, when the
 * parent is budgeted, budget every one of the parent's currencies (a child without a budget could
 * spend without bound, so the subset would be unproven); its expiry may not be later than the
 * parent's and inherits it when absent. The parent's {@code agent.delegate} grant is checked before,
 * through {@code authorize}.
 */
final class ChildAdmission {

  /** A request whose agent reference, lease and constraints parsed. */
  record Parsed(String delegateId, AgentRef agent, Lease lease, LeaseConstraints constraints,
      DelegationRequest request) {

    /** The {@code delegate} event the parent emits for this request. */
    DelegateBody event() {
      return new DelegateBody(delegateId, agent, Optional.of(request.input()), Optional.of(lease),
          constraints.expiresAt().isPresent() ? Optional.of(constraints) : Optional.empty());
    }
  }

  /** The decision on a parsed request. */
  sealed interface Decision {}

  /** The child job to start, whose budget is carved out of the parent's. */
  record Admitted(JobRecord child) implements Decision {}

  record Refused(ErrorPayload error) implements Decision {}

  private final JobRecord parent;
  private final Lease parentLease;
  private final AgentRegistry agents;

  ChildAdmission(JobRecord parent, Lease parentLease, AgentRegistry agents) {
    this.parent = parent;
    this.parentLease = parentLease;
    this.agents = agents;
  }

  /**
   * Parses {@code request} under a fresh delegation id.
   *
   * @throws ProtocolViolation when the agent reference or the lease is malformed
   */
  static Parsed parse(DelegationRequest request) {
    AgentRef agent = AgentRef.parse(request.agent());
    Lease lease = Lease.parse(request.leaseRequest());
    return new Parsed(Ids.delegate(), agent, lease, request.constraints(), request);
  }

  /** Admits or refuses {@code parsed} at {@code now}, given the parent's {@code remaining} counters. */
  Decision decide(Parsed parsed, Budget remaining, Instant now) {
    Resolution resolution = agents.resolve(parsed.agent());
    if (resolution instanceof Resolution.UnknownAgent) {
      return refused(ErrorCode.AGENT_NOT_AVAILABLE, "no agent named " + parsed.agent().name() + " is registered");
    }
    if (resolution instanceof Resolution.UnknownVersion) {
      return refused(ErrorCode.AGENT_VERSION_NOT_AVAILABLE,
          "agent " + parsed.agent().name() + " has no version " + parsed.agent().version().orElse(""));
    }
    if (parsed.constraints().isExpiredAt(now)) {
      return refused(ErrorCode.INVALID_REQUEST, "lease_constraints.expires_at must lie in the future");
    }
    LeaseConstraints parentConstraints = new LeaseConstraints(parent.expiresAt());
    Optional<String> violation = parsed.lease().subsetViolation(parentLease, remaining)
        .or(() -> unbudgetedCurrency(parsed.lease(), remaining))
        .or(() -> parsed.constraints().subsetViolation(parentConstraints));
    if (violation.isPresent()) {
      return refused(ErrorCode.LEASE_SUBSET_VIOLATION, violation.get());
    }
    AgentRef resolved = ((Resolution.Resolved) resolution).ref();
    return new Admitted(new JobRecord(Ids.job(), parent.sessionId(), parent.principal(), resolved.name(),
        resolved.version().orElseThrow(), parsed.request().input(), parsed.lease().asMap(),
        parentConstraints.narrowedBy(parsed.constraints()).expiresAt(), Optional.empty(), now, parent.traceId(),
        parent.features(), Optional.of(parent.jobId()), Optional.of(parsed.delegateId())));
  }

  /** A budgeted parent's currency the child does not budget for itself. */
  private static Optional<String> unbudgetedCurrency(Lease child, Budget parentRemaining) {
    Set<String> childCurrencies = child.budget().map(budget -> budget.asMap().keySet()).orElse(Set.of());
    return parentRemaining.asMap().keySet().stream()
        .filter(currency -> !childCurrencies.contains(currency))
        .findFirst()
        .map(currency -> "the parent lease budgets " + currency
            + ": the child's lease_request must carve out a cost.budget in " + currency);
  }

  private static Refused refused(ErrorCode code, String message) {
    return new Refused(ErrorPayload.of(code, message));
  }
}
