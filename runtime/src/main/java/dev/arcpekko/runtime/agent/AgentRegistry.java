package dev.arcpekko.runtime.agent;

import dev.arcpekko.protocol.message.AgentEntry;
import dev.arcpekko.protocol.message.AgentRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The agents a node can run, registered from code or discovered with {@link ServiceLoader} (jars
 * that list {@link Agent} implementations in {@code META-INF/services}). Every node of a cluster
 * must hold the same registry. Immutable once built.
 */
public final class AgentRegistry {
  // Sorted so that every node advertises the same inventory in the same order.
  private final SortedMap<String, Agent> agentsByName;

  private AgentRegistry(SortedMap<String, Agent> agentsByName) {
    this.agentsByName = Collections.unmodifiableSortedMap(agentsByName);
  }

  /** A registry holding exactly {@code agents}. */
  public static AgentRegistry of(List<? extends Agent> agents) {
    SortedMap<String, Agent> byName = new TreeMap<>();
    for (Agent agent : agents) {
      validate(agent);
      if (byName.putIfAbsent(agent.name(), agent) != null) {
        throw new IllegalArgumentException("agent registered twice: " + agent.name());
      }
    }
    return new AgentRegistry(byName);
  }

  /** {@code agents} plus every agent found by {@link ServiceLoader} on {@code loader}. */
  public static AgentRegistry withServiceAgents(List<? extends Agent> agents, ClassLoader loader) {
    List<Agent> all = new ArrayList<>(agents);
    ServiceLoader.load(Agent.class, loader).forEach(all::add);
    return of(all);
  }

  private static void validate(Agent agent) {
    AgentRef.parse(agent.name());
    if (agent.versions().isEmpty()) {
      throw new IllegalArgumentException("agent " + agent.name() + " declares no version");
    }
    agent.versions().forEach(version -> AgentRef.parse(agent.name() + "@" + version));
    if (!agent.versions().contains(agent.defaultVersion())) {
      throw new IllegalArgumentException(
          "default version " + agent.defaultVersion() + " of " + agent.name() + " is not offered");
    }
  }

  /** Resolves a submit's agent reference; a bare name resolves to the default version. */
  public Resolution resolve(AgentRef ref) {
    Agent agent = agentsByName.get(ref.name());
    if (agent == null) {
      return new Resolution.UnknownAgent(ref);
    }
    String version = ref.version().orElse(agent.defaultVersion());
    if (!agent.versions().contains(version)) {
      return new Resolution.UnknownVersion(ref);
    }
    return new Resolution.Resolved(agent, ref.withVersion(version));
  }

  /** The agent registered under {@code name}. */
  public Optional<Agent> agent(String name) {
    return Optional.ofNullable(agentsByName.get(name));
  }

  /** The inventory advertised in {@code session.welcome.capabilities.agents}. */
  public List<AgentEntry> inventory() {
    return agentsByName.values().stream()
        .map(a -> AgentEntry.versioned(a.name(), a.versions(), Optional.of(a.defaultVersion())))
        .toList();
  }

  /** The outcome of {@link #resolve}. */
  public sealed interface Resolution {
    /** The agent exists in the requested (or default) version. */
    record Resolved(Agent agent, AgentRef ref) implements Resolution {}

    /** No agent has this name. */
    record UnknownAgent(AgentRef ref) implements Resolution {}

    /** The agent exists but not in the requested version. */
    record UnknownVersion(AgentRef ref) implements Resolution {}
  }
}
