package dev.arcpekko.runtime.auth;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of observation decisions and lease expirations, written to the SLF4J logger {@value #LOGGER} so that
 * operators can route it to its own file or collector. One line per decision; never a token or a
 * credential.
 */
public final class AuditLog {
  /** The logger name audit records are written to. */
  public static final String LOGGER = "arcp.audit";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  /** What was decided. */
  public enum Decision { ALLOWED, DENIED, NOT_FOUND }

  private AuditLog() {}

  /** Records a {@code job.subscribe} decision. {@code owner} is empty when the job does not exist. */
  public static void subscribe(String subscriber, String subscriberSession, String jobId, String owner,
      Decision decision) {
    LOG.info("action=subscribe decision={} subscriber={} session={} job={} owner={}",
        decision.name().toLowerCase(java.util.Locale.ROOT), subscriber, subscriberSession, jobId,
        owner.isEmpty() ? "-" : owner);
  }

  /** Records that {@code jobId}'s lease expired at {@code expiresAt} and the job was ended at {@code endedAt}. */
  public static void leaseExpired(String owner, String jobId, Instant expiresAt, Instant endedAt) {
    LOG.info("action=lease_expired owner={} job={} expires_at={} ended_at={}", owner, jobId, expiresAt, endedAt);
  }
}
