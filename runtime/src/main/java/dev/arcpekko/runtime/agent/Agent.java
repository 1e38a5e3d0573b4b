package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An agent the runtime can run: a name, the versions it offers with a default, an optional
 * liveness timeout, whether a job may be re-run after its node died, and the code itself.
 *
 * <p>{@link #run} is called on a dedicated blocking executor, never on an actor thread, so it may
 * block. It talks to the runtime only through its {@link JobContext}. Returning ends the job with
 * {@code job.result}; throwing {@link AgentFailure} ends it with that error; any other exception
 * ends it with {@code INTERNAL_ERROR} ({@code retryable: true}).
 */
public interface Agent {

  /** The agent's name, matching {@code [a-z0-9][a-z0-9._-]*}. */
  String name();

  /** Every version this agent serves, non-empty. */
  List<String> versions();

  /** The version a bare-name submit resolves to; one of {@link #versions()}. */
  String defaultVersion();

  /**
   * How long the agent may stay silent (no event, no {@link JobContext#heartbeat()}) before one
   * heartbeat counts as missed; empty means the runtime does not watch this agent's liveness.
   */
  default Optional<Duration> heartbeatTimeout() {
    return Optional.empty();
  }

  /**
   * Whether a job whose node died may be run again (from its last checkpoint) instead of ending
   * with a retryable {@code INTERNAL_ERROR}.
   */
  default boolean restartable() {
    return false;
  }

  /** Runs one job and returns its inline result. */
  JsonNode run(JobContext context) throws Exception;
}
