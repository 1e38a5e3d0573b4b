package dev.arcpekko.runtime.credentials;

import dev.arcpekko.runtime.auth.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credential lifecycle on the audit logger ({@value AuditLog#LOGGER}): issued, rotated,
 * revoked at INFO; a revocation given up on at ERROR, for operators to revoke by hand. Ids and
 * generations only, never a value.
 */
public final class CredentialAudit {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.LOGGER);

  private CredentialAudit() {}

  public static void issued(String jobId, CredentialGrant grant) {
    LOG.info("action=credential_issued job={} credential={} expires_at={}", jobId, grant.label(),
        grant.expiresAt().map(Object::toString).orElse("-"));
  }

  public static void rotated(String jobId, CredentialGrant next) {
    LOG.info("action=credential_rotated job={} credential={}", jobId, next.label());
  }

  public static void revoked(String jobId, CredentialGrant grant) {
    LOG.info("action=credential_revoked job={} credential={}", jobId, grant.label());
  }

  /** A permanent revocation failure: the credential may stay usable at the upstream until it expires. */
  public static void unrevocable(String jobId, CredentialGrant grant, String reason) {
    LOG.error("action=credential_unrevocable job={} credential={} endpoint={} expires_at={} reason=\"{}\":"
        + " revoke it at the upstream by hand", jobId, grant.label(), grant.endpoint(),
        grant.expiresAt().map(Object::toString).orElse("-"), reason);
  }
}
