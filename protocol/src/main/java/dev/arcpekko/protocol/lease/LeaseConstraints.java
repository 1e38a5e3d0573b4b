package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A lease's {@code lease_constraints} (spec 1.1 §9.5): an optional instant at and after which no
 * operation may use the lease. A delegated job's expiry may come earlier than its parent's, never
 * later, and is implicitly capped by it (1.1 §9.4).
 */
public record LeaseConstraints(Optional<Instant> expiresAt) {
  private static final LeaseConstraints NONE = new LeaseConstraints(Optional.empty());

  public LeaseConstraints {
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** No constraints: the lease does not expire. */
  public static LeaseConstraints none() {
    return NONE;
  }

  /**
   * Reads {@code expires_at}: ISO 8601 in UTC, written with a {@code Z} suffix; offsets such as
   * {@code +00:00} are refused even though they denote UTC, as the spec demands the suffix.
   *
   * @throws ProtocolViolation if {@code text} is not such a timestamp
   */
  public static Instant parseExpiresAt(String text) {
    Objects.requireNonNull(text, "text");
    if (text.endsWith("Z")) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        // Reported below, with the same message as a missing suffix.
      }
    }
    throw ProtocolViolation.invalid(
        "expires_at must be an ISO-8601 UTC timestamp ending in 'Z': '" + text + "'");
  }

  /** Whether the lease can no longer be used at {@code now}: expiry is inclusive. */
  public boolean isExpiredAt(Instant now) {
    Objects.requireNonNull(now, "now");
    return expiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false);
  }

  /**
   * Checks a submitted expiry lies in the future at submission time {@code now}.
   *
   * @throws ProtocolViolation if it does not
   */
  public void requireFuture(Instant now) {
    if (isExpiredAt(now)) {
      throw ProtocolViolation.invalid(
          "expires_at must be in the future: '"
              + expiresAt.orElseThrow()
              + "' is not after "
              + now);
    }
  }

  /**
   * Why these constraints, requested for a delegated job, expand on {@code parent}'s; empty if they
   * do not. Only a child expiry later than the parent's is a violation.
   */
  public Optional<String> subsetViolation(LeaseConstraints parent) {
    Objects.requireNonNull(parent, "parent");
    return expiresAt.flatMap(
        child ->
            parent
                .expiresAt()
                .filter(child::isAfter)
                .map(
                    parentExpiry ->
                        "lease_constraints.expires_at '"
                            + child
                            + "' is later than the parent's '"
                            + parentExpiry
                            + "'"));
  }

  /** The constraints a delegated job actually runs under: the earlier of both expiries. */
  public LeaseConstraints narrowedBy(LeaseConstraints child) {
    Objects.requireNonNull(child, "child");
    if (expiresAt.isEmpty()) {
      return child;
    }
    if (child.expiresAt.isEmpty()) {
      return this;
    }
    return child.expiresAt.get().isBefore(expiresAt.get()) ? child : this;
  }
}
