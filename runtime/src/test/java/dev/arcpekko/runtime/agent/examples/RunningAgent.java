package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** An agent running on its own thread, cancelled the way the runtime does: flag, then interrupt. */
final class RunningAgent {
  private final RecordingJobContext context;
  private final CompletableFuture<JsonNode> outcome = new CompletableFuture<>();
  private final Thread thread;

  private RunningAgent(Agent agent, RecordingJobContext context) {
    this.context = context;
    this.thread = new Thread(() -> {
      try {
        outcome.complete(agent.run(context));
      } catch (Throwable t) {
        outcome.completeExceptionally(t);
      }
    }, "agent-" + agent.name());
  }

  static RunningAgent start(Agent agent, RecordingJobContext context) {
    RunningAgent running = new RunningAgent(agent, context);
    running.thread.start();
    return running;
  }

  void cancel() {
    context.cancel();
    thread.interrupt();
  }

  /** Whether the agent's thread ended within {@code timeout}. */
  boolean endsWithin(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    return !thread.isAlive();
  }

  /** The result, or the exception the agent threw. */
  CompletableFuture<JsonNode> outcome() {
    return outcome;
  }
}
