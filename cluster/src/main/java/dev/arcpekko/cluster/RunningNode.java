package dev.arcpekko.cluster;

import dev.arcpekko.runtime.ArcpRuntime;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A node started by {@link ArcpNode}: its actor system, its runtime and, unless it speaks stdio,
 * the address its WebSocket server is bound to (with the real port when port 0 was asked for).
 */
public record RunningNode(ActorSystem<Void> system, ArcpRuntime runtime,
    Optional<InetSocketAddress> webSocketAddress) {

  /** The WebSocket server's port. */
  public int port() {
    return webSocketAddress.orElseThrow(() -> new IllegalStateException("this node speaks stdio"))
        .getPort();
  }

  /**
   * Stops the node through Pekko's coordinated shutdown (unbind, leave the cluster, hand over
   * shards, stop the journal) and completes when the actor system has terminated.
   */
  public CompletionStage<Done> stop() {
    system.terminate();
    return system.getWhenTerminated();
  }
}
