package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code status} event: a lifecycle marker {@code {phase, message?}} such as {@code running},
 * {@code back_pressure} or {@code credential_rotated}. Fields beyond phase and message (for example
 * a rotated credential's id and value) are kept in {@code extra} and written back unchanged.
 */
public record StatusBody(String phase, Optional<String> message, ObjectNode extra) implements EventBody {
  public static final String KIND = "status";

  public StatusBody {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(extra, "extra");
    if (extra.has("phase") || extra.has("message")) {
      throw new IllegalArgumentException("phase and message are not extra fields");
    }
  }

  public static StatusBody of(String phase) {
    return new StatusBody(phase, Optional.empty(), JsonObjectWriter.nodes().objectNode());
  }

  public static StatusBody of(String phase, String message) {
    return new StatusBody(phase, Optional.of(message), JsonObjectWriter.nodes().objectNode());
  }

  static StatusBody read(JsonObjectReader in) {
    ObjectNode extra = in.node().deepCopy();
    extra.remove("phase");
    extra.remove("message");
    return new StatusBody(in.requireNonEmptyString("phase"), in.optionalString("message"), extra);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    ObjectNode body = JsonObjectWriter.create().put("phase", phase).putString("message", message).node();
    body.setAll(extra);
    return body;
  }
}
