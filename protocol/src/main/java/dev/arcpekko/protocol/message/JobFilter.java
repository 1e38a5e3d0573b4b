package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code session.list_jobs.payload.filter} (spec 1.1 §6.6): every field optional; an agent filter
 * may be a bare name (every version) or {@code name@version}.
 */
public record JobFilter(
    List<JobStatus> status,
    Optional<AgentRef> agent,
    Optional<Instant> createdAfter,
    Optional<Instant> createdBefore) {

  public JobFilter {
    status = List.copyOf(status);
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(createdAfter, "createdAfter");
    Objects.requireNonNull(createdBefore, "createdBefore");
  }

  public static JobFilter none() {
    return new JobFilter(List.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  static JobFilter read(JsonObjectReader in) {
    return new JobFilter(
        readStatuses(in),
        AgentRef.readOptional(in, "agent"),
        in.optionalInstant("created_after"),
        in.optionalInstant("created_before"));
  }

  private static List<JobStatus> readStatuses(JsonObjectReader in) {
    List<String> names = in.optionalStringList("status").orElse(List.of());
    List<JobStatus> statuses = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      statuses.add(JobStatus.parse(in.pathOf("status") + "[" + i + "]", names.get(i)));
    }
    return statuses;
  }

  JsonObjectWriter write() {
    JsonObjectWriter out = JsonObjectWriter.create();
    if (!status.isEmpty()) {
      out.putStrings("status", status.stream().map(JobStatus::wire).toList());
    }
    return out.putString("agent", agent.map(AgentRef::wire))
        .putInstant("created_after", createdAfter)
        .putInstant("created_before", createdBefore);
  }
}
