package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** A {@code tool_call} event: {@code {tool, args?, call_id}}. */
public record ToolCallBody(String tool, Optional<JsonNode> args, String callId) implements EventBody {
  public static final String KIND = "tool_call";

  public ToolCallBody {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(callId, "callId");
  }

  static ToolCallBody read(JsonObjectReader in) {
    return new ToolCallBody(
        in.requireNonEmptyString("tool"), in.optionalAny("args"), in.requireNonEmptyString("call_id"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    return JsonObjectWriter.create()
        .put("tool", tool)
        .putJson("args", args)
        .put("call_id", callId)
        .node();
  }
}
