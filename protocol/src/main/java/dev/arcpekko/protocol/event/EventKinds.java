package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads an event's {@code kind} and {@code body}: reserved kinds into their records (validated),
 * any other kind into an {@link OpaqueEventBody} so that unknown kinds never fail.
 */
public final class EventKinds {
  private static final Map<String, Function<JsonObjectReader, EventBody>> READERS = Map.ofEntries(
      Map.entry(LogBody.KIND, LogBody::read),
      Map.entry(ThoughtBody.KIND, ThoughtBody::read),
      Map.entry(ToolCallBody.KIND, ToolCallBody::read),
      Map.entry(ToolResultBody.KIND, ToolResultBody::read),
      Map.entry(StatusBody.KIND, StatusBody::read),
      Map.entry(MetricBody.KIND, MetricBody::read),
      Map.entry(ArtifactRefBody.KIND, ArtifactRefBody::read),
      Map.entry(DelegateBody.KIND, DelegateBody::read),
      Map.entry(ProgressBody.KIND, ProgressBody::read),
      Map.entry(ResultChunkBody.KIND, ResultChunkBody::read));

  private EventKinds() {}

  /** Reads {@code kind} and {@code body} from an event payload (or an event-shaped fragment). */
  public static EventBody read(JsonObjectReader event) {
    String kind = event.requireNonEmptyString("kind");
    Function<JsonObjectReader, EventBody> reader = READERS.get(kind);
    if (reader == null) {
      JsonNode body = event.optionalAny("body")
          .orElse(NullNode.getInstance());
      return new OpaqueEventBody(kind, body);
    }
    return reader.apply(event.requireObject("body"));
  }

  /** Whether {@code kind} is one of the kinds reserved by the specification. */
  public static boolean isReserved(String kind) {
    return READERS.containsKey(kind);
  }
}
