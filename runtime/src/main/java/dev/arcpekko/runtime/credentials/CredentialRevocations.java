package dev.arcpekko.runtime.credentials;

import java.time.Instant;

/**
 * The durable revocation list of self-verifying tokens ({@link HmacCredentialProvisioner}), shared
 * by every node and by the verifiers that check tokens. An entry may be dropped once
 * {@code expiresAt} has passed: an expired token fails verification anyway.
 */
public interface CredentialRevocations {

  /** Records that generation {@code generation} of credential {@code id} is revoked; idempotent. */
  void revoke(String id, int generation, Instant expiresAt) throws CredentialException;

  /** Whether that generation was revoked. */
  boolean isRevoked(String id, int generation) throws CredentialException;
}
