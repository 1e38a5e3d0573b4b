package dev.arcpekko.runtime.job;

import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.runtime.JsonSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A job's answer to {@link JobEntity.Observe}. */
public sealed interface Observation extends JsonSerializable {

  /**
   * The observer may see the job: its non-secret authority descriptor, and the last job-local seq
   * journaled when the answer was given (outputs after it reach a registered observer live).
   */
  record Granted(String jobId, JobStatus status, long lastJobSeq, String ownerSessionId, String ownerPrincipal,
      String agentName, String agentVersion, Map<String, List<String>> lease, Optional<Instant> expiresAt,
      String traceId) implements Observation {}

  /** The job exists but the observer's principal may not see it. */
  record Denied(String ownerPrincipal) implements Observation {}

  /** No such job. */
  record Unknown() implements Observation {}

  static Granted granted(JobRecord record, JobStatus status, long lastJobSeq) {
    return new Granted(record.jobId(), status, lastJobSeq, record.sessionId(), record.principal(),
        record.agentName(), record.agentVersion(), record.lease(), record.expiresAt(), record.traceId());
  }
}
