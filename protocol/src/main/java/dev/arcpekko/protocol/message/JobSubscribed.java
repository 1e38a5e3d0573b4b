package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.ids.TraceId;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code job.subscribed} (spec 1.1 §7.6): the subscriber's authority descriptor for the job:
 * status, agent, lease and constraints, current budget counters, lineage, trace, where the live
 * stream starts in the subscriber's seq space and whether history was replayed.
 * {@code credentials} may only be filled when the subscriber is the submitter.
 */
public record JobSubscribed(
    String jobId,
    JobStatus currentStatus,
    AgentRef agent,
    Lease lease,
    Optional<LeaseConstraints> leaseConstraints,
    Map<String, BigDecimal> budget,
    List<Credential> credentials,
    Optional<String> parentJobId,
    Optional<String> traceId,
    long subscribedFrom,
    boolean replayed)
    implements Message {

  public JobSubscribed {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(currentStatus, "currentStatus");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(leaseConstraints, "leaseConstraints");
    budget = Collections.unmodifiableMap(new LinkedHashMap<>(budget));
    credentials = List.copyOf(credentials);
    Objects.requireNonNull(parentJobId, "parentJobId");
    Objects.requireNonNull(traceId, "traceId");
    if (subscribedFrom < 0) {
      throw new IllegalArgumentException("subscribedFrom must be >= 0");
    }
  }

  static JobSubscribed read(JsonObjectReader in) {
    return new JobSubscribed(
        in.requireNonEmptyString("job_id"),
        JobStatus.parse(in.pathOf("current_status"), in.requireString("current_status")),
        AgentRef.read(in, "agent"),
        LeaseJson.readRequired(in, "lease"),
        LeaseJson.readConstraints(in, "lease_constraints"),
        LeaseJson.readBudget(in, "budget"),
        Credentials.read(in),
        in.optionalString("parent_job_id"),
        TraceId.read(in, "trace_id"),
        in.requireLong("subscribed_from", 0),
        in.requireBoolean("replayed"));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_SUBSCRIBED.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("job_id", jobId)
        .put("current_status", currentStatus.wire())
        .put("agent", agent.wire());
    LeaseJson.write(out, "lease", lease);
    LeaseJson.writeConstraints(out, "lease_constraints", leaseConstraints);
    LeaseJson.writeBudget(out, "budget", budget);
    Credentials.write(out, credentials);
    out.putOrNull("parent_job_id", parentJobId)
        .putString("trace_id", traceId)
        .put("subscribed_from", subscribedFrom)
        .put("replayed", replayed);
  }
}
