package dev.arcpekko.runtime.agent.examples;

import dev.arcpekko.runtime.agent.Agent;
import java.util.List;

/**
 * The example agents shipped with the runtime: {@code echo}, {@code ticker}, {@code sleeper},
 * {@code failer}, {@code spender}, {@code streamer}, {@code reader} and {@code delegator}. Clients rely
 * on their exact inputs and results, listed in {@code docs/agents.md}.
 */
public final class ExampleAgents {

  private ExampleAgents() {}

  /** One fresh instance of each example agent. */
  public static List<Agent> all() {
    return List.of(new EchoAgent(), new TickerAgent(), new SleeperAgent(), new FailerAgent(), new SpenderAgent(),
        new StreamerAgent(), new ReaderAgent(), new DelegatorAgent());
  }
}
