package dev.arcpekko.runtime.credentials;

import dev.arcpekko.protocol.message.Credential;
import java.util.List;

/**
 * Mints, rotates and revokes the short-lived upstream credentials of a job (spec 1.1 §9.8). The
 * runtime journals only {@link CredentialGrant}s, never a secret: {@link #present} must derive the
 * wire credential, value included, from a grant again whenever it is asked.
 *
 * <p>{@link #issue}, {@link #rotate} and {@link #revoke} may block (they run on the agent
 * dispatcher) but must return or throw within a bounded time (a timeout is a transient failure),
 * and revoking must be idempotent; {@link #present} is called on actor threads and must not block. Failures are {@link CredentialException}s, transient (retried with
 * back-off) or permanent.
 */
public interface CredentialProvisioner {

  /** The credentials for a newly accepted job, all or none; never a value used by another job. */
  List<CredentialGrant> issue(CredentialRequest request) throws CredentialException;

  /** The wire credential of {@code grant}, with its secret value. */
  Credential present(CredentialGrant grant);

  /** The next generation of {@code current} (same id); the runtime revokes {@code current} afterwards. */
  CredentialGrant rotate(CredentialGrant current, CredentialRequest request) throws CredentialException;

  /** Makes {@code grant}'s value unusable at the upstream; revoking twice is not an error. */
  void revoke(CredentialGrant grant) throws CredentialException;
}
