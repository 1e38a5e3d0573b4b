package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;

/**
 * {@code job.error}: a job's non-success termination (or, with a fresh or absent {@code job_id}, a
 * rejected request). {@code final_status} is {@code error}, {@code cancelled} or
 * {@code timed_out}; the rest of the payload is the common error shape.
 */
public record JobError(JobStatus finalStatus, ErrorPayload error) implements Message {
  public JobError {
    Objects.requireNonNull(finalStatus, "finalStatus");
    Objects.requireNonNull(error, "error");
    if (!isErrorStatus(finalStatus)) {
      throw new IllegalArgumentException("job.error final_status must be error, cancelled or timed_out");
    }
  }

  /** A {@code final_status: "error"} failure. */
  public static JobError failed(ErrorPayload error) {
    return new JobError(JobStatus.ERROR, error);
  }

  static JobError read(JsonObjectReader in) {
    JobStatus status = JobStatus.parse(in.pathOf("final_status"), in.requireString("final_status"));
    if (!isErrorStatus(status)) {
      throw ProtocolViolation.invalid(
          in.pathOf("final_status") + ": job.error requires error, cancelled or timed_out");
    }
    return new JobError(status, ErrorPayload.read(in));
  }

  private static boolean isErrorStatus(JobStatus status) {
    return status == JobStatus.ERROR || status == JobStatus.CANCELLED || status == JobStatus.TIMED_OUT;
  }

  @Override
  public String wireType() {
    return MessageType.JOB_ERROR.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("final_status", finalStatus.wire());
    error.writeTo(out);
  }
}
