package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code job.subscribe} (spec 1.1 §7.6): attach to a job as an observer, optionally replaying its
 * history after {@code from_event_seq}. The target is {@code payload.job_id} (spec, TypeScript SDK)
 * or, when absent there, the envelope {@code job_id} (Java SDK).
 */
public record JobSubscribe(String jobId, boolean history, OptionalLong fromEventSeq)
    implements Message {

  public JobSubscribe {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(fromEventSeq, "fromEventSeq");
  }

  static JobSubscribe read(JsonObjectReader in, Optional<String> envelopeJobId) {
    return new JobSubscribe(
        targetJob(in, envelopeJobId),
        in.optionalBoolean("history").orElse(false),
        in.optionalLong("from_event_seq", 0));
  }

  /** The job named by {@code payload.job_id} or else the envelope's {@code job_id}. */
  static String targetJob(JsonObjectReader in, Optional<String> envelopeJobId) {
    return in.optionalNonEmptyString("job_id").or(() -> envelopeJobId).orElseThrow(() ->
        ProtocolViolation.invalid(in.pathOf("job_id") + ": required field is missing"));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_SUBSCRIBE.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("job_id", jobId).put("history", history).putLong("from_event_seq", fromEventSeq);
  }
}
