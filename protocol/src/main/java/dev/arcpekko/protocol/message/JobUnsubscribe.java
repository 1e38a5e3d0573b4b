package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** {@code job.unsubscribe} (spec 1.1 §7.6): stop observing a job; no reply. */
public record JobUnsubscribe(String jobId) implements Message {
  public JobUnsubscribe {
    Objects.requireNonNull(jobId, "jobId");
  }

  static JobUnsubscribe read(JsonObjectReader in, Optional<String> envelopeJobId) {
    return new JobUnsubscribe(JobSubscribe.targetJob(in, envelopeJobId));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_UNSUBSCRIBE.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("job_id", jobId);
  }
}
