package dev.arcpekko.protocol.message;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import dev.arcpekko.protocol.json.WireNames;
import java.util.Optional;
import java.util.Set;

/**
 * The eleven v1.1 feature flags negotiated in {@code session.hello} / {@code session.welcome}
 * (spec 1.1 §6.2). The effective set is the intersection of both sides'; neither peer may use a
 * feature outside it.
 */
public enum Feature {
  HEARTBEAT("heartbeat"),
  ACK("ack"),
  LIST_JOBS("list_jobs"),
  SUBSCRIBE("subscribe"),
  LEASE_EXPIRES_AT("lease_expires_at"),
  COST_BUDGET("cost.budget"),
  MODEL_USE("model.use"),
  PROVISIONED_CREDENTIALS("provisioned_credentials"),
  PROGRESS("progress"),
  RESULT_CHUNK("result_chunk"),
  AGENT_VERSIONS("agent_versions");

  private final String wire;

  Feature(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Feature> fromWire(String text) {
    return WireNames.lookup(values(), Feature::wire, text);
  }

  /** The known features among {@code names}; unknown names are ignored, as peers must. */
  public static Set<Feature> parseAll(Collection<String> names) {
    Set<Feature> result = EnumSet.noneOf(Feature.class);
    for (String name : names) {
      fromWire(name).ifPresent(result::add);
    }
    return Set.copyOf(result);
  }

  /** The features both peers support. */
  public static Set<Feature> intersect(Set<Feature> offered, Set<Feature> supported) {
    Set<Feature> result = offered.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(offered);
    result.retainAll(supported);
    return Set.copyOf(result);
  }

  /** Wire names of {@code features} in declaration order, for stable output. */
  public static List<String> wireNames(Set<Feature> features) {
    return features.stream().sorted().map(Feature::wire).toList();
  }
}
