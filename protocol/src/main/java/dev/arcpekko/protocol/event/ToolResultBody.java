package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code tool_result} event: {@code {call_id, result}} or {@code {call_id, error}} — never both.
 * Lease denials reach the agent this way (spec 1.0 §13.4).
 */
public record ToolResultBody(String callId, Optional<JsonNode> result, Optional<ErrorPayload> error)
    implements EventBody {
  public static final String KIND = "tool_result";

  public ToolResultBody {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(error, "error");
    if (result.isPresent() && error.isPresent()) {
      throw new IllegalArgumentException("a tool_result carries a result or an error, not both");
    }
  }

  public static ToolResultBody success(String callId, JsonNode result) {
    return new ToolResultBody(callId, Optional.of(result), Optional.empty());
  }

  public static ToolResultBody failure(String callId, ErrorPayload error) {
    return new ToolResultBody(callId, Optional.empty(), Optional.of(error));
  }

  static ToolResultBody read(JsonObjectReader in) {
    Optional<JsonNode> result = in.optionalAny("result");
    Optional<ErrorPayload> error = in.optionalObject("error").map(ErrorPayload::read);
    if (result.isPresent() && error.isPresent()) {
      throw ProtocolViolation.invalid(in.path() + ": result and error are mutually exclusive");
    }
    return new ToolResultBody(in.requireNonEmptyString("call_id"), result, error);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    JsonObjectWriter out = JsonObjectWriter.create().put("call_id", callId).putJson("result", result);
    error.ifPresent(e -> {
      JsonObjectWriter err = JsonObjectWriter.create();
      e.writeTo(err);
      out.put("error", err);
    });
    return out.node();
  }
}
