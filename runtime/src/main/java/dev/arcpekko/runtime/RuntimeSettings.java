package dev.arcpekko.runtime;

import com.typesafe.config.Config;
import dev.arcpekko.runtime.auth.ObserverPolicy;
import dev.arcpekko.runtime.lease.LeaseCaps;
import java.time.Duration;

/**
 * The runtime's operational knobs, read from the {@code arcp} section of the configuration (see
 * {@code reference.conf} and {@code docs/configuration.md}).
 */
public record RuntimeSettings(
    String runtimeName,
    String runtimeVersion,
    Duration heartbeatInterval,
    int missedHeartbeatsAllowed,
    Duration resumeWindow,
    Duration cancelGrace,
    int maxFrameBytes,
    Duration idempotencyTtl,
    String websocketPath,
    String queryJournalPluginId,
    int outboundBufferFrames,
    Duration recoverySweepInterval,
    ObserverPolicy observers,
    int listJobsMaxLimit,
    int backPressureThreshold,
    long resumeBufferMaxBytes,
    int replayWindowFrames,
    int maxSessionsPerPrincipal,
    int maxConcurrentJobsPerPrincipal,
    Duration leaseExpiryGrace,
    long resultStreamMaxTotalBytes,
    boolean modelUseRequiresGrant,
    LeaseCaps leaseCaps) {

  public RuntimeSettings {
    // Both travel as whole seconds in session.welcome.
    requireWholeSeconds("arcp.heartbeat-interval", heartbeatInterval);
    requireWholeSeconds("arcp.resume-window", resumeWindow);
    if (missedHeartbeatsAllowed < 1 || maxFrameBytes < 1024 || outboundBufferFrames < 16) {
      throw new IllegalArgumentException("arcp.missed-heartbeats-allowed must be >= 1, arcp.max-frame-size"
          + " >= 1KiB and arcp.outbound-buffer-frames >= 16");
    }
    if (listJobsMaxLimit < 1 || backPressureThreshold < 2 || resumeBufferMaxBytes < maxFrameBytes
        || replayWindowFrames < 16 || replayWindowFrames >= outboundBufferFrames) {
      throw new IllegalArgumentException("arcp.list-jobs.max-limit must be >= 1, arcp.back-pressure-threshold"
          + " >= 2, arcp.resume-buffer-max-bytes >= arcp.max-frame-size and arcp.replay-window-frames between 16"
          + " and arcp.outbound-buffer-frames");
    }
    if (leaseExpiryGrace.isNegative() || leaseExpiryGrace.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("arcp.lease-expiry-grace must be between 0s and 1m; got " + leaseExpiryGrace);
    }
    if (resultStreamMaxTotalBytes < 1) {
      throw new IllegalArgumentException("arcp.result-stream.max-total-bytes must be at least 1 byte");
    }
    if (maxSessionsPerPrincipal < 0 || maxConcurrentJobsPerPrincipal < 0) {
      throw new IllegalArgumentException("arcp.limits.* must be >= 0 (0 = unlimited)");
    }
  }

  private static void requireWholeSeconds(String key, Duration value) {
    if (value.toMillis() < 1000 || value.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(key + " must be a whole number of seconds, at least 1s; got " + value);
    }
  }

  /** The dispatcher agents run on. */
  public static final String AGENT_DISPATCHER = "arcp.agent-dispatcher";

  /** The dispatcher credential provisioner calls run on. */
  public static final String CREDENTIALS_DISPATCHER = "arcp.credentials-dispatcher";

  /** Reads the {@code arcp} section of {@code config}. */
  public static RuntimeSettings fromConfig(Config config) {
    Config arcp = config.getConfig("arcp");
    return new RuntimeSettings(
        arcp.getString("runtime-name"),
        arcp.getString("runtime-version"),
        arcp.getDuration("heartbeat-interval"),
        arcp.getInt("missed-heartbeats-allowed"),
        arcp.getDuration("resume-window"),
        arcp.getDuration("cancel-grace"),
        (int) arcp.getBytes("max-frame-size").longValue(),
        arcp.getDuration("idempotency-ttl"),
        arcp.getString("websocket-path"),
        arcp.getString("query-journal-plugin"),
        arcp.getInt("outbound-buffer-frames"),
        arcp.getDuration("recovery-sweep-interval"),
        ObserverPolicy.fromConfig(arcp.getConfig("observers")),
        arcp.getInt("list-jobs.max-limit"),
        arcp.getInt("back-pressure-threshold"),
        arcp.getBytes("resume-buffer-max-bytes"),
        arcp.getInt("replay-window-frames"),
        arcp.getInt("limits.max-sessions-per-principal"),
        arcp.getInt("limits.max-concurrent-jobs-per-principal"),
        arcp.getDuration("lease-expiry-grace"),
        arcp.getBytes("result-stream.max-total-bytes"),
        arcp.getBoolean("model-use.require-grant"),
        LeaseCaps.fromConfig(arcp.getConfig("lease-caps"), arcp.getBoolean("model-use.require-grant")));
  }
}
