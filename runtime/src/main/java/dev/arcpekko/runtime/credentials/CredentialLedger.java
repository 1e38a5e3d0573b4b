package dev.arcpekko.runtime.credentials;

import dev.arcpekko.runtime.JsonSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's credentials as journaled: the {@code current} generation of each credential (what the
 * submitter and the agent hold) and every generation still {@code unrevoked} at the upstream. A
 * job keeps its recovery-index entry until {@link #settled()}.
 */
public record CredentialLedger(List<CredentialGrant> current, List<CredentialGrant> unrevoked)
    implements JsonSerializable {

  public static final CredentialLedger NONE = new CredentialLedger(List.of(), List.of());

  public CredentialLedger {
    current = current == null ? List.of() : List.copyOf(current);
    unrevoked = unrevoked == null ? List.of() : List.copyOf(unrevoked);
  }

  /** Freshly issued grants: current and unrevoked. */
  public static CredentialLedger issued(List<CredentialGrant> grants) {
    return new CredentialLedger(grants, grants);
  }

  /** {@code next} replaces the current generation of its credential; the old one awaits revocation. */
  public CredentialLedger rotated(CredentialGrant next) {
    List<CredentialGrant> nextCurrent = current.stream()
        .map(grant -> grant.id().equals(next.id()) ? next : grant).toList();
    List<CredentialGrant> nextUnrevoked = new ArrayList<>(unrevoked);
    nextUnrevoked.add(next);
    return new CredentialLedger(nextCurrent, nextUnrevoked);
  }

  /** The generation is revoked, or given up on: it no longer needs revoking. */
  public CredentialLedger settled(String id, int generation) {
    return new CredentialLedger(current,
        unrevoked.stream().filter(grant -> !grant.sameGeneration(id, generation)).toList());
  }

  /** Unrevoked generations that are no longer current (rotated away): revoked while the job runs. */
  public List<CredentialGrant> superseded() {
    return unrevoked.stream().filter(grant -> !current.contains(grant)).toList();
  }

  /** Whether nothing is left to revoke. */
  public boolean settled() {
    return unrevoked.isEmpty();
  }

  /** The current generation of credential {@code id}, if it is one of this job's. */
  public Optional<CredentialGrant> currentOf(String id) {
    return current.stream().filter(grant -> grant.id().equals(id)).findFirst();
  }
}
