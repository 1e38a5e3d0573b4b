package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an agent asks of {@link JobContext#delegate}: the child's agent ({@code name} or
 * {@code name@version}), its input, the lease it requests and its constraints. The lease must be a
 * subset of the parent's (spec 1.1 §9.4); constraints without {@code expires_at} inherit the
 * parent's.
 *
 * <p>{@code key} names the delegation within its job. A restarted job that delegates again under
 * the same key gets the child it already has instead of a second one. Without a key, the n-th
 * delegation of a run (counted from the checkpoint the run resumed at) is the key: the same
 * request at the same point of a re-run finds its child, a different request starts a new one.
 */
public record DelegationRequest(String agent, JsonNode input, Map<String, List<String>> leaseRequest,
    LeaseConstraints constraints, Optional<String> key) {

  public DelegationRequest {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(input, "input");
    leaseRequest = Map.copyOf(leaseRequest);
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(key, "key");
  }

  /** A request without a key: identified by its place among the run's delegations. */
  public DelegationRequest(String agent, JsonNode input, Map<String, List<String>> leaseRequest,
      LeaseConstraints constraints) {
    this(agent, input, leaseRequest, constraints, Optional.empty());
  }

  /** This request under {@code key}, which names it within its job across restarts. */
  public DelegationRequest withKey(String key) {
    if (key.isBlank()) {
      throw new IllegalArgumentException("a delegation key must not be blank");
    }
    return new DelegationRequest(agent, input, leaseRequest, constraints, Optional.of(key));
  }
}
