package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;

/** A {@code thought} event: the agent's reasoning trace, {@code {text}}. */
public record ThoughtBody(String text) implements EventBody {
  public static final String KIND = "thought";

  public ThoughtBody {
    Objects.requireNonNull(text, "text");
  }

  static ThoughtBody read(JsonObjectReader in) {
    return new ThoughtBody(in.requireString("text"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    return JsonObjectWriter.create().put("text", text).node();
  }
}
