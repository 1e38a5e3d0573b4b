package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code job.cancel} (spec 1.0 §7.4): the submitting session asks to stop a job. The target is the
 * envelope's {@code job_id}, which the codec requires.
 */
public record JobCancel(Optional<String> reason) implements Message {
  public JobCancel {
    Objects.requireNonNull(reason, "reason");
  }

  static JobCancel read(JsonObjectReader in) {
    return new JobCancel(in.optionalString("reason"));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_CANCEL.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.putString("reason", reason);
  }
}
