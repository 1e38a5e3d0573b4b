package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.runtime.listing.JobIndexRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code session.list_jobs} from a test client: one page, every page, and index rows to list. */
final class JobPages {
  private JobPages() {}

  /** A list payload with {@code filter} (may be null) and {@code limit} (0: none). */
  static ObjectNode request(JsonNode filter, int limit, String cursor) {
    ObjectNode payload = WireClient.JSON.createObjectNode();
    if (filter != null) {
      payload.set("filter", filter);
    }
    if (limit > 0) {
      payload.put("limit", limit);
    }
    if (cursor != null) {
      payload.put("cursor", cursor);
    }
    return payload;
  }

  /** Sends {@code payload}; returns the {@code session.jobs} payload, asserted to echo the request id. */
  static JsonNode page(WireClient client, ObjectNode payload) {
    String requestId = client.sendRaw(client.envelope("session.list_jobs", payload));
    List<JsonNode> frames = client.until(frame -> frame.path("type").asText().equals("session.jobs")
        || frame.path("type").asText().equals("session.error"));
    JsonNode answer = frames.get(frames.size() - 1);
    assertThat(answer.path("type").asText()).as("answer %s", answer).isEqualTo("session.jobs");
    assertThat(answer.has("event_seq")).isFalse();
    JsonNode jobs = answer.path("payload");
    assertThat(jobs.path("request_id").asText()).isEqualTo(requestId);
    assertThat(jobs.has("next_cursor")).as("next_cursor key in %s", jobs).isTrue();
    return jobs;
  }

  /** Every entry {@code filter} selects, page by page with {@code limit}. */
  static List<JsonNode> all(WireClient client, JsonNode filter, int limit) {
    List<JsonNode> entries = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = page(client, request(filter, limit, cursor));
      page.path("jobs").forEach(entries::add);
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
    } while (cursor != null);
    return entries;
  }

  /** The job ids of {@code entries}, in order. */
  static List<String> ids(Iterable<JsonNode> entries) {
    List<String> ids = new ArrayList<>();
    entries.forEach(entry -> ids.add(entry.path("job_id").asText()));
    return ids;
  }

  /** A filter object. */
  static ObjectNode filter() {
    return WireClient.JSON.createObjectNode();
  }

  /** A terminal index row of {@code owner} for agent {@code name@1.0.0}, as if a job had run. */
  static JobIndexRow row(String jobId, String owner, String agentName, Instant createdAt) {
    return new JobIndexRow(jobId, owner, "sess_loaded", agentName, "1.0.0", JobStatus.SUCCESS, Map.of(),
        Optional.empty(), createdAt, "0123456789abcdef0123456789abcdef", 3, JobIndexRow.rankOf(JobStatus.SUCCESS));
  }
}
