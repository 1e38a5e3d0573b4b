package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code session.list_jobs} (spec 1.1 §6.6): a read-only, paginated inventory request. The answer's
 * {@code request_id} is this envelope's {@code id}.
 */
public record SessionListJobs(JobFilter filter, OptionalLong limit, Optional<String> cursor)
    implements Message {

  public SessionListJobs {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(cursor, "cursor");
  }

  static SessionListJobs read(JsonObjectReader in) {
    return new SessionListJobs(
        in.optionalObject("filter").map(JobFilter::read).orElse(JobFilter.none()),
        in.optionalLong("limit", 1),
        in.optionalString("cursor"));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_LIST_JOBS.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("filter", filter.write()).putLong("limit", limit).putOrNull("cursor", cursor);
  }
}
