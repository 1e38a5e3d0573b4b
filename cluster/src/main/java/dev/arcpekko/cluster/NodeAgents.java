package dev.arcpekko.cluster;

import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.examples.ExampleAgents;
import java.util.List;

/**
 * The agents a node built from this repository offers besides those found with
 * {@link java.util.ServiceLoader}; every node of a cluster must offer the same set.
 */
public final class NodeAgents {

  private NodeAgents() {}

  /** The agents bundled with the node. */
  public static List<Agent> bundled() {
    return ExampleAgents.all();
  }
}
