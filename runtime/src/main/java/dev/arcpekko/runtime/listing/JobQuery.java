package dev.arcpekko.runtime.listing;

import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.runtime.auth.ObserverPolicy.Scope;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One page request to the {@link JobIndex}: jobs of the owners in {@code scope}, matching every
 * given filter ({@code createdAfter} and {@code createdBefore} are exclusive; an agent version
 * narrows an agent name), with a job id below {@code beforeJobId} (the keyset position), newest
 * first, at most {@code limit} rows.
 */
public record JobQuery(
    Scope scope,
    Set<JobStatus> statuses,
    Optional<String> agentName,
    Optional<String> agentVersion,
    Optional<Instant> createdAfter,
    Optional<Instant> createdBefore,
    Optional<String> beforeJobId,
    int limit) {

  public JobQuery {
    Objects.requireNonNull(scope, "scope");
    statuses = Set.copyOf(statuses);
    Objects.requireNonNull(agentName, "agentName");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(createdAfter, "createdAfter");
    Objects.requireNonNull(createdBefore, "createdBefore");
    Objects.requireNonNull(beforeJobId, "beforeJobId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    if (agentVersion.isPresent() && agentName.isEmpty()) {
      throw new IllegalArgumentException("an agent version needs an agent name");
    }
  }
}
