package dev.arcpekko.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.runtime.JsonSerializable;
import java.util.Objects;

/**
 * One seq-bearing frame of a job ({@code job.event}, {@code job.result} or {@code job.error}) as
 * journaled by the job: its job-local sequence number and payload. Sessions stamp it with their own
 * {@code event_seq} and envelope.
 */
public record JobOutput(String jobId, String traceId, long jobSeq, String type, JsonNode payload)
    implements JsonSerializable {

  public JobOutput {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    if (jobSeq < 1) {
      throw new IllegalArgumentException("jobSeq must be >= 1");
    }
  }

  /** Whether this is the job's terminal frame. */
  public boolean isTerminal() {
    return !"job.event".equals(type);
  }
}
