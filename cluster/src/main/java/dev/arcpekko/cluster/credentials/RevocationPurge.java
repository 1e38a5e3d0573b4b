package dev.arcpekko.cluster.credentials;

import com.typesafe.config.Config;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the revocation list from growing without bound: every {@code interval}, deletes the entries
 * of credentials that expired more than {@code afterExpiry} ago ({@code
 * arcp.credentials.hmac.revocation-purge}). The margin covers verifiers whose clocks lag the
 * node's. Every node runs it; concurrent deletes are harmless. The deletes run on Pekko's blocking
 * dispatcher, never on an actor thread.
 */
public final class RevocationPurge implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationPurge.class);

  private final JdbcCredentialRevocations revocations;
  private final Duration afterExpiry;
  private final Clock clock;

  RevocationPurge(JdbcCredentialRevocations revocations, Duration afterExpiry, Clock clock) {
    this.revocations = revocations;
    this.afterExpiry = afterExpiry;
    this.clock = clock;
  }

  /** Schedules the purge of {@code revocations} as {@code purge} ({@code interval}, {@code after-expiry}) says. */
  public static Cancellable schedule(ActorSystem<?> system, JdbcCredentialRevocations revocations, Config purge,
      Clock clock) {
    Duration interval = purge.getDuration("interval");
    Duration afterExpiry = purge.getDuration("after-expiry");
    if (interval.isNegative() || interval.isZero() || afterExpiry.isNegative()) {
      throw new IllegalArgumentException(
          "arcp.credentials.hmac.revocation-purge: interval must be positive and after-expiry not negative");
    }
    return system.scheduler().scheduleAtFixedRate(interval, interval,
        new RevocationPurge(revocations, afterExpiry, clock),
        system.dispatchers().lookup(DispatcherSelector.blocking()));
  }

  @Override
  public void run() {
    try {
      int deleted = revocations.purgeExpiredBefore(clock.instant().minus(afterExpiry));
      if (deleted > 0) {
        LOG.info("deleted {} revocation entries of credentials expired over {} ago", deleted, afterExpiry);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("purging expired revocation entries failed (retried at the next interval): {}", e.toString());
    }
  }
}
