package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.List;
import java.util.Set;

/**
 * The {@code capabilities} object of {@code session.hello} and {@code session.welcome}: encodings,
 * feature flags (unknown flags are dropped on read, as the spec asks) and, from the runtime, the
 * agent inventory. An absent feature list means no features.
 */
public record Capabilities(List<String> encodings, Set<Feature> features, List<AgentEntry> agents) {
  public Capabilities {
    encodings = List.copyOf(encodings);
    features = Set.copyOf(features);
    agents = List.copyOf(agents);
  }

  public static Capabilities none() {
    return new Capabilities(List.of(), Set.of(), List.of());
  }

  static Capabilities read(JsonObjectReader in) {
    return new Capabilities(
        in.optionalStringList("encodings").orElse(List.of()),
        Feature.parseAll(in.optionalStringList("features").orElse(List.of())),
        in.optionalList("agents", AgentEntry::read).orElse(List.of()));
  }

  JsonObjectWriter write() {
    JsonObjectWriter out = JsonObjectWriter.create();
    if (!encodings.isEmpty()) {
      out.putStrings("encodings", encodings);
    }
    if (!features.isEmpty()) {
      out.putStrings("features", Feature.wireNames(features));
    }
    if (!agents.isEmpty()) {
      var array = out.putArray("agents");
      agents.forEach(agent -> agent.writeTo(array));
    }
    return out;
  }
}
