package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.runtime.agent.AgentFailure;
import java.util.function.Function;

/**
 * Reads an example agent's input object with the protocol's field reader, so malformed input ends
 * the job with {@code INVALID_REQUEST} and a message naming the field ({@code input.count: must be
 * at least 0, got -1}).
 */
final class ExampleInput {

  private ExampleInput() {}

  static <T> T read(JsonNode input, Function<JsonObjectReader, T> parser) throws AgentFailure {
    try {
      return parser.apply(JsonObjectReader.of(input, "input"));
    } catch (ProtocolViolation violation) {
      throw new AgentFailure(ErrorPayload.of(violation));
    }
  }
}
