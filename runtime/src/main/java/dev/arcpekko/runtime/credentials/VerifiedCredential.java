package dev.arcpekko.runtime.credentials;

import dev.arcpekko.protocol.lease.CapabilityName;
import dev.arcpekko.protocol.lease.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of a token {@link HmacCredentialVerifier} accepted: which credential generation of
 * which job and principal it is, the {@code model.use} patterns and {@code cost.budget} caps an
 * upstream must enforce, and when it expires.
 */
public record VerifiedCredential(String credentialId, int generation, String jobId, String principal,
    List<String> modelUse, List<String> costBudget, Instant expiresAt) {

  public VerifiedCredential {
    Objects.requireNonNull(credentialId, "credentialId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(principal, "principal");
    modelUse = List.copyOf(modelUse);
    costBudget = List.copyOf(costBudget);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Whether the lease's {@code model.use} allows {@code model}, matched as the runtime's own
   * {@code authorize} matches it; no patterns allow nothing (spec 1.1 §9.7).
   */
  public boolean allowsModel(String model) {
    return Lease.parse(Map.of(CapabilityName.MODEL_USE.wire(), modelUse)).permits(CapabilityName.MODEL_USE, model);
  }
}
