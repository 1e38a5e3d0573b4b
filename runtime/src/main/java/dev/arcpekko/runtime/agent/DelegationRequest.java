package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent asks of {@link JobContext#delegate}: the child's agent ({@code name} or
 * {@code name@version}), its input, the lease it requests and its constraints. The lease must be a
 * subset of the parent's (spec 1.1 §9.4); constraints without {@code expires_at} inherit the
 * parent's.
 */
public record DelegationRequest(String agent, JsonNode input, Map<String, List<String>> leaseRequest,
    LeaseConstraints constraints) {

  public DelegationRequest {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(input, "input");
    leaseRequest = Map.copyOf(leaseRequest);
    Objects.requireNonNull(constraints, "constraints");
  }
}
