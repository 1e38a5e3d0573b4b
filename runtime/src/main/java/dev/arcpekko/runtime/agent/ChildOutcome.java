package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.message.JobStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * How a delegated child job ended: its terminal status and the payload of its terminal frame
 * ({@code job.result} on success, {@code job.error} otherwise).
 */
public record ChildOutcome(JobStatus status, JsonNode payload) {

  public ChildOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(payload, "payload");
  }

  /** The child's inline result, when it succeeded with one. */
  public Optional<JsonNode> result() {
    return status == JobStatus.SUCCESS && payload.has("result") ? Optional.of(payload.get("result"))
        : Optional.empty();
  }

  /** The child's error, when it did not succeed. */
  public Optional<ErrorPayload> error() {
    return status == JobStatus.SUCCESS ? Optional.empty()
        : Optional.of(ErrorPayload.read(JsonObjectReader.of(payload, "payload")));
  }
}
