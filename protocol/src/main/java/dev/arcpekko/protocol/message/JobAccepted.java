package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.ids.TraceId;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code job.accepted} (spec 1.0 §7.1, §10.1; 1.1 §7.1): the job's id, resolved agent, effective
 * lease and constraints, initial budget counters, provisioned credentials (submitter only),
 * acceptance time, trace id and, for delegated children, the parent and delegate ids.
 */
public record JobAccepted(
    String jobId,
    Optional<AgentRef> agent,
    Lease lease,
    Optional<LeaseConstraints> leaseConstraints,
    Map<String, BigDecimal> budget,
    List<Credential> credentials,
    Instant acceptedAt,
    Optional<String> traceId,
    Optional<String> parentJobId,
    Optional<String> delegateId)
    implements Message {

  public JobAccepted {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(leaseConstraints, "leaseConstraints");
    budget = Collections.unmodifiableMap(new LinkedHashMap<>(budget));
    credentials = List.copyOf(credentials);
    Objects.requireNonNull(acceptedAt, "acceptedAt");
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(parentJobId, "parentJobId");
    Objects.requireNonNull(delegateId, "delegateId");
  }

  static JobAccepted read(JsonObjectReader in) {
    return new JobAccepted(
        in.requireNonEmptyString("job_id"),
        AgentRef.readOptional(in, "agent"),
        LeaseJson.readRequired(in, "lease"),
        LeaseJson.readConstraints(in, "lease_constraints"),
        LeaseJson.readBudget(in, "budget"),
        Credentials.read(in),
        in.requireInstant("accepted_at"),
        TraceId.read(in, "trace_id"),
        in.optionalNonEmptyString("parent_job_id"),
        in.optionalNonEmptyString("delegate_id"));
  }

  /** This acceptance without credentials, for anyone but the submitter. */
  public JobAccepted withoutCredentials() {
    return withCredentials(List.of());
  }

  /** This acceptance carrying {@code provisioned} credentials, for the submitter. */
  public JobAccepted withCredentials(List<Credential> provisioned) {
    return new JobAccepted(jobId, agent, lease, leaseConstraints, budget, provisioned, acceptedAt,
        traceId, parentJobId, delegateId);
  }

  @Override
  public String wireType() {
    return MessageType.JOB_ACCEPTED.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("job_id", jobId).putString("agent", agent.map(AgentRef::wire));
    LeaseJson.write(out, "lease", lease);
    LeaseJson.writeConstraints(out, "lease_constraints", leaseConstraints);
    LeaseJson.writeBudget(out, "budget", budget);
    Credentials.write(out, credentials);
    out.put("accepted_at", acceptedAt)
        .putString("trace_id", traceId)
        .putString("parent_job_id", parentJobId)
        .putString("delegate_id", delegateId);
  }
}
