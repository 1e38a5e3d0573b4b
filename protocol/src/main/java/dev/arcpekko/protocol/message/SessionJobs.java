package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code session.jobs} (spec 1.1 §6.6): one page of the job inventory. {@code next_cursor} is
 * always written, {@code null} on the last page.
 */
public record SessionJobs(String requestId, List<JobSummary> jobs, Optional<String> nextCursor)
    implements Message {

  public SessionJobs {
    Objects.requireNonNull(requestId, "requestId");
    jobs = List.copyOf(jobs);
    Objects.requireNonNull(nextCursor, "nextCursor");
  }

  static SessionJobs read(JsonObjectReader in) {
    return new SessionJobs(
        in.requireNonEmptyString("request_id"),
        in.optionalObjectList("jobs", JobSummary::read).orElseThrow(() ->
            ProtocolViolation.invalid(in.pathOf("jobs") + ": required field is missing")),
        in.optionalString("next_cursor"));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_JOBS.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("request_id", requestId);
    var array = out.putArray("jobs");
    jobs.forEach(job -> array.add(job.write().node()));
    out.putOrNull("next_cursor", nextCursor);
  }
}
