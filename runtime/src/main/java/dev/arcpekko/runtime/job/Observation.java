package dev.arcpekko.runtime.job;

import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.protocol.message.JobSubscribed;
import dev.arcpekko.runtime.JsonSerializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A job's answer to {@link JobEntity.Observe}. */
public sealed interface Observation extends JsonSerializable {

  /**
   * The observer may see the job: its non-secret authority descriptor, and the last job-local seq
   * journaled when the answer was given (outputs after it reach a registered observer live).
   * {@code credentials} are the job's current ones when the observer is the submitting principal,
   * else empty.
   */
  record Granted(String jobId, JobStatus status, long lastJobSeq, String ownerSessionId, String ownerPrincipal,
      String agentName, String agentVersion, Map<String, List<String>> lease, Optional<Instant> expiresAt,
      String traceId, Map<String, BigDecimal> budget, List<Credential> credentials, Optional<String> parentJobId)
      implements Observation {

    public Granted {
      credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }

    /**
     * The {@code job.subscribed} payload: this descriptor, where the subscriber's stream of the job
     * starts ({@code subscribedFrom}) and whether history follows; credentials only for the submitter.
     */
    public JobSubscribed subscribed(long subscribedFrom, boolean replayed) {
      return new JobSubscribed(jobId, status, new AgentRef(agentName, Optional.of(agentVersion)), Lease.parse(lease),
          expiresAt.map(at -> new LeaseConstraints(Optional.of(at))), budget, credentials, parentJobId,
          Optional.of(traceId), subscribedFrom, replayed);
    }

    /** Whatever Pekko's message logging prints: never a credential's value (see {@link Credential}). */
    @Override
    public String toString() {
      return "Granted[jobId=" + jobId + ", status=" + status + ", lastJobSeq=" + lastJobSeq + ", credentials="
          + credentials + "]";
    }
  }

  /** The job exists but the observer's principal may not see it. */
  record Denied(String ownerPrincipal) implements Observation {}

  /** No such job. */
  record Unknown() implements Observation {}

  static Granted granted(JobRecord record, JobStatus status, long lastJobSeq, Map<String, BigDecimal> budget,
      List<Credential> credentials) {
    return new Granted(record.jobId(), status, lastJobSeq, record.sessionId(), record.principal(),
        record.agentName(), record.agentVersion(), record.lease(), record.expiresAt(), record.traceId(), budget,
        credentials, record.parentJobId());
  }
}
