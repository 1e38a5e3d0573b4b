package dev.arcpekko.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.lease.Budget;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobAccepted;
import dev.arcpekko.runtime.JsonSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything fixed when a job is accepted: who submitted it from which session (and the features
 * that session negotiated), the resolved agent, input, effective lease and constraints, limits,
 * acceptance time and trace id; for a delegated child, its parent job and delegation ids. Journaled
 * as the job's first event.
 */
public record JobRecord(
    String jobId,
    String sessionId,
    String principal,
    String agentName,
    String agentVersion,
    JsonNode input,
    Map<String, List<String>> lease,
    Optional<Instant> expiresAt,
    Optional<Long> maxRuntimeSec,
    Instant acceptedAt,
    String traceId,
    List<String> features,
    Optional<String> parentJobId,
    Optional<String> delegateId)
    implements JsonSerializable {

  public JobRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(agentName, "agentName");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(input, "input");
    lease = Map.copyOf(lease);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(maxRuntimeSec, "maxRuntimeSec");
    Objects.requireNonNull(acceptedAt, "acceptedAt");
    Objects.requireNonNull(traceId, "traceId");
    features = List.copyOf(features);
    // Records journaled before delegation existed have neither field.
    parentJobId = parentJobId == null ? Optional.empty() : parentJobId;
    delegateId = delegateId == null ? Optional.empty() : delegateId;
  }

  /** A job a client submitted (not delegated). */
  public static JobRecord submitted(String jobId, String sessionId, String principal, String agentName,
      String agentVersion, JsonNode input, Map<String, List<String>> lease, Optional<Instant> expiresAt,
      Optional<Long> maxRuntimeSec, Instant acceptedAt, String traceId, List<String> features) {
    return new JobRecord(jobId, sessionId, principal, agentName, agentVersion, input, lease, expiresAt,
        maxRuntimeSec, acceptedAt, traceId, features, Optional.empty(), Optional.empty());
  }

  /** The same submission under another job id (an idempotency key claimed earlier). */
  public JobRecord withJobId(String otherJobId) {
    return new JobRecord(otherJobId, sessionId, principal, agentName, agentVersion, input, lease, expiresAt,
        maxRuntimeSec, acceptedAt, traceId, features, parentJobId, delegateId);
  }

  /** Whether another job delegated this one. */
  public boolean isDelegated() {
    return parentJobId.isPresent();
  }

  /** Whether the submitting session negotiated {@code feature}. */
  public boolean negotiated(Feature feature) {
    return features.contains(feature.wire());
  }

  /** The resolved agent as {@code name@version}. */
  public AgentRef agent() {
    return new AgentRef(agentName, Optional.of(agentVersion));
  }

  /** The effective lease. */
  public Lease effectiveLease() {
    return Lease.parse(lease);
  }

  /** The {@code job.accepted} message for this job, identical on every resend. */
  public JobAccepted accepted() {
    Lease effective = effectiveLease();
    return new JobAccepted(
        jobId,
        Optional.of(agent()),
        effective,
        expiresAt.map(at -> new LeaseConstraints(Optional.of(at))),
        effective.budget().map(Budget::asMap).orElse(Map.of()),
        List.of(),
        acceptedAt,
        Optional.of(traceId),
        parentJobId,
        delegateId);
  }
}
