package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** A {@code log} event: {@code {level, message, attributes?}}. */
public record LogBody(LogLevel level, String message, Optional<JsonNode> attributes) implements EventBody {
  public static final String KIND = "log";

  public LogBody {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(attributes, "attributes");
  }

  public static LogBody of(LogLevel level, String message) {
    return new LogBody(level, message, Optional.empty());
  }

  static LogBody read(JsonObjectReader in) {
    String level = in.requireString("level");
    return new LogBody(
        LogLevel.fromWire(level).orElseThrow(() -> ProtocolViolation.invalid(in.pathOf("level")
            + ": unknown level '" + JsonObjectReader.clip(level)
            + "' (expected trace, debug, info, warn, error or critical)")),
        in.requireString("message"),
        in.optionalAny("attributes"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    return JsonObjectWriter.create()
        .put("level", level.wire())
        .put("message", message)
        .putJson("attributes", attributes)
        .node();
  }
}
