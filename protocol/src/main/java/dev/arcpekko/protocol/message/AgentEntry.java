package dev.arcpekko.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code session.welcome.payload.capabilities.agents}: the v1.1 rich form
 * {@code {name, versions, default?}} or, for v1.0 peers, a bare name.
 */
public record AgentEntry(String name, Optional<List<String>> versions, Optional<String> defaultVersion) {
  public AgentEntry {
    Objects.requireNonNull(name, "name");
    versions = versions.map(List::copyOf);
    Objects.requireNonNull(defaultVersion, "defaultVersion");
  }

  /** A v1.0 entry: just the agent's name. */
  public static AgentEntry named(String name) {
    return new AgentEntry(name, Optional.empty(), Optional.empty());
  }

  /** A v1.1 entry with its registered versions and, when set, the default. */
  public static AgentEntry versioned(String name, List<String> versions, Optional<String> defaultVersion) {
    return new AgentEntry(name, Optional.of(versions), defaultVersion);
  }

  static AgentEntry read(JsonNode node, String path) {
    if (node.isTextual()) {
      return named(node.textValue());
    }
    if (!node.isObject()) {
      throw ProtocolViolation.invalid(path + ": expected an agent name or {name, versions, default}");
    }
    JsonObjectReader in = JsonObjectReader.of(node, path);
    return new AgentEntry(
        in.requireNonEmptyString("name"),
        Optional.of(in.optionalStringList("versions").orElse(List.of())),
        in.optionalString("default"));
  }

  void writeTo(ArrayNode array) {
    if (versions.isEmpty()) {
      array.add(name);
      return;
    }
    JsonObjectWriter entry = JsonObjectWriter.create().put("name", name).putStrings("versions", versions.get());
    entry.putString("default", defaultVersion);
    array.add(entry.node());
  }
}
