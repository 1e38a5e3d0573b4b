package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.ids.TraceId;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code session.jobs.payload.jobs} (spec 1.1 §6.6). {@code last_event_seq} is always
 * present (0 before the job's first event; the TypeScript client requires it). {@code credentials}
 * may only be filled for the job's submitter (§14).
 */
public record JobSummary(
    String jobId,
    AgentRef agent,
    JobStatus status,
    Lease lease,
    Optional<String> parentJobId,
    Instant createdAt,
    Optional<String> traceId,
    long lastEventSeq,
    List<Credential> credentials) {

  public JobSummary {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(parentJobId, "parentJobId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(traceId, "traceId");
    if (lastEventSeq < 0) {
      throw new IllegalArgumentException("lastEventSeq must be >= 0");
    }
    credentials = List.copyOf(credentials);
  }

  static JobSummary read(JsonObjectReader in) {
    return new JobSummary(
        in.requireNonEmptyString("job_id"),
        AgentRef.read(in, "agent"),
        JobStatus.parse(in.pathOf("status"), in.requireString("status")),
        LeaseJson.readRequired(in, "lease"),
        in.optionalString("parent_job_id"),
        in.requireInstant("created_at"),
        TraceId.read(in, "trace_id"),
        in.requireLong("last_event_seq", 0),
        Credentials.read(in));
  }

  JsonObjectWriter write() {
    JsonObjectWriter out = JsonObjectWriter.create()
        .put("job_id", jobId)
        .put("agent", agent.wire())
        .put("status", status.wire());
    LeaseJson.write(out, "lease", lease);
    out.putOrNull("parent_job_id", parentJobId)
        .put("created_at", createdAt)
        .putString("trace_id", traceId)
        .put("last_event_seq", lastEventSeq);
    Credentials.write(out, credentials);
    return out;
  }
}
