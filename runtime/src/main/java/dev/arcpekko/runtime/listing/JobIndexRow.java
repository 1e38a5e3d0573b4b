package dev.arcpekko.runtime.listing;

import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.protocol.message.JobSummary;
import dev.arcpekko.runtime.job.JobRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One job as the listing index stores it. {@code rowVersion} is the job's lifecycle rank (pending
 * 1, running 2, terminal 3), so a late or replayed update never moves a row back;
 * {@code lastEventSeq} is the last seq the owner session stamped for the job, 0 before its first
 * frame. {@code createdAt} is kept to the microsecond, the precision both databases store.
 */
public record JobIndexRow(
    String jobId,
    String ownerPrincipal,
    String ownerSessionId,
    String agentName,
    String agentVersion,
    JobStatus status,
    Map<String, List<String>> lease,
    Optional<String> parentJobId,
    Instant createdAt,
    String traceId,
    long lastEventSeq,
    int rowVersion) {

  public JobIndexRow {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(ownerPrincipal, "ownerPrincipal");
    Objects.requireNonNull(ownerSessionId, "ownerSessionId");
    Objects.requireNonNull(agentName, "agentName");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(status, "status");
    lease = Map.copyOf(lease);
    Objects.requireNonNull(parentJobId, "parentJobId");
    createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(traceId, "traceId");
  }

  /** The row of the job {@code record} describes, in {@code status}; its seq is reported separately. */
  public static JobIndexRow of(JobRecord record, JobStatus status) {
    return new JobIndexRow(record.jobId(), record.principal(), record.sessionId(), record.agentName(),
        record.agentVersion(), status, record.lease(), record.parentJobId(), record.acceptedAt(), record.traceId(), 0,
        rankOf(status));
  }

  /** Pending 1, running 2, any terminal status 3: the order a job's status moves in. */
  public static int rankOf(JobStatus status) {
    return switch (status) {
      case PENDING -> 1;
      case RUNNING -> 2;
      default -> 3;
    };
  }

  /** Whichever of this row and {@code other} (the same job) is further along, with the higher seq. */
  JobIndexRow mergedWith(JobIndexRow other) {
    JobIndexRow later = other.rowVersion >= rowVersion ? other : this;
    return later.withLastEventSeq(Math.max(lastEventSeq, other.lastEventSeq));
  }

  JobIndexRow withLastEventSeq(long seq) {
    return new JobIndexRow(jobId, ownerPrincipal, ownerSessionId, agentName, agentVersion, status, lease,
        parentJobId, createdAt, traceId, seq, rowVersion);
  }

  /** The {@code session.jobs} entry for this row. */
  public JobSummary summary() {
    return new JobSummary(jobId, new AgentRef(agentName, Optional.of(agentVersion)),
        status, Lease.parse(lease), parentJobId, createdAt, Optional.of(traceId), lastEventSeq, List.of());
  }
}
