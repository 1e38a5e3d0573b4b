package dev.arcpekko.cluster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Jobs submitted with a {@code lease_request} and run to their end on one client. */
final class LeasedJobs {
  private LeasedJobs() {}

  /** A job's {@code job.accepted} and its frames up to and including its terminal one. */
  record Run(JsonNode accepted, List<JsonNode> frames) {
    JsonNode terminal() {
      return frames.get(frames.size() - 1);
    }

    /** The bodies of the job's events of {@code kind}, in order. */
    List<JsonNode> events(String kind) {
      return frames.stream().filter(frame -> frame.path("payload").path("kind").asText().equals(kind))
          .map(frame -> frame.path("payload").path("body")).toList();
    }
  }

  /** A {@code job.submit} payload; {@code input} and {@code lease} are JSON text. */
  static ObjectNode submit(String agent, String input, String lease) throws Exception {
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", agent);
    payload.set("input", WireClient.JSON.readTree(input));
    payload.set("lease_request", WireClient.JSON.readTree(lease));
    return payload;
  }

  /** Submits {@code payload} and reads the job to its end. */
  static Run run(WireClient client, ObjectNode payload) {
    client.sendRaw(client.envelope("job.submit", payload));
    JsonNode accepted = client.expect("job.accepted");
    return new Run(accepted, client.untilTerminal(accepted.path("job_id").asText()));
  }

  /** Submits {@code agent} with {@code input} under {@code lease} and reads the job to its end. */
  static Run run(WireClient client, String agent, String input, String lease) throws Exception {
    return run(client, submit(agent, input, lease));
  }
}
