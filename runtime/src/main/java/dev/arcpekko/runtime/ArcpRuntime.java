package dev.arcpekko.runtime;

import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.auth.BearerTokens;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The ARCP runtime on one node: starts the sharded entities and serves ARCP over WebSocket or
 * stdio. The actor system must be a cluster member with a journal configured.
 */
public final class ArcpRuntime {

  private ArcpRuntime() {}

  /** Initialises sharding for every entity on {@code system}. */
  public static ArcpRuntime start(
      ActorSystem<?> system, RuntimeSettings settings, AgentRegistry agents, BearerTokens tokens) {
    throw new UnsupportedOperationException("in progress");
  }

  /** Serves ARCP over WebSocket at {@code ws://host:port<websocket-path>}. */
  public CompletionStage<ServerBinding> bindWebSocket(String host, int port) {
    throw new UnsupportedOperationException("in progress");
  }

  /** Speaks ARCP as newline-delimited JSON on the given streams until input ends. */
  public CompletionStage<Done> serveStdio(InputStream in, OutputStream out) {
    throw new UnsupportedOperationException("in progress");
  }
}
