package dev.arcpekko.runtime.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.runtime.JsonSerializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation of a provisioned credential as the runtime journals it: everything but the
 * secret. {@code constraints} echoes what the upstream enforces ({@code cost.budget},
 * {@code model.use}, {@code expires_at}); {@code rotateAt}, when set, is when the runtime rotates
 * it (a job outliving the credential's TTL).
 */
public record CredentialGrant(String id, int generation, String jobId, String principal, String scheme,
    String endpoint, Optional<String> profile, ObjectNode constraints, Instant issuedAt, Optional<Instant> expiresAt,
    Optional<Instant> rotateAt) implements JsonSerializable {

  public CredentialGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(constraints, "constraints");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(rotateAt, "rotateAt");
    if (generation < 1) {
      throw new IllegalArgumentException("generation must be >= 1");
    }
  }

  /** Whether {@code other} is this same generation of this same credential. */
  public boolean sameGeneration(String otherId, int otherGeneration) {
    return id.equals(otherId) && generation == otherGeneration;
  }

  /** {@code id#generation}, for logs and audit. */
  public String label() {
    return label(id, generation);
  }

  /** The label of generation {@code generation} of credential {@code id}. */
  public static String label(String id, int generation) {
    return id + "#" + generation;
  }
}
