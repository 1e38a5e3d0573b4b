package dev.arcpekko.runtime.credentials;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a credential is minted for: the job, its submitter, its agent ({@code name@version}), the
 * effective lease, the job's remaining budget counters and the lease's {@code expires_at}.
 */
public record CredentialRequest(String jobId, String principal, String agent, Map<String, List<String>> lease,
    Map<String, BigDecimal> remainingBudget, Optional<Instant> expiresAt) {

  public CredentialRequest {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(agent, "agent");
    lease = Map.copyOf(lease);
    remainingBudget = Map.copyOf(remainingBudget);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The lease's {@code model.use} patterns. */
  public List<String> modelUse() {
    return lease.getOrDefault("model.use", List.of());
  }

  /** The remaining budget as {@code cost.budget} patterns ({@code USD:4.20}). */
  public List<String> costBudget() {
    return remainingBudget.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(entry -> entry.getKey() + ":" + entry.getValue().toPlainString()).toList();
  }
}
