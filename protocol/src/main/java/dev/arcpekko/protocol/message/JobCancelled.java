package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** {@code job.cancelled} (spec 1.0 §7.4): the runtime acknowledges a cancel request (target in the envelope {@code job_id}). */
public record JobCancelled(Optional<String> reason) implements Message {
  public JobCancelled {
    Objects.requireNonNull(reason, "reason");
  }

  static JobCancelled read(JsonObjectReader in) {
    return new JobCancelled(in.optionalString("reason"));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_CANCELLED.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.putString("reason", reason);
  }
}
