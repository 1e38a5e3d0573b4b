package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.Objects;
import java.util.Optional;

/**
 * What a capability's patterns and operation targets denote, and so how both are brought to
 * canonical form before they are matched (spec 1.0 §14): filesystem paths, URLs, opaque names
 * (tools, agents, models, vendor capabilities) or budget amounts.
 */
public enum TargetKind {
  PATH,
  URL,
  NAME,
  AMOUNT;

  /**
   * The canonical form of an operation's target, or empty when it has none. An empty result must be
   * treated as a denial: a target we cannot canonicalise is never matched.
   */
  public Optional<String> canonicalise(String rawTarget) {
    Objects.requireNonNull(rawTarget, "rawTarget");
    if (rawTarget.isEmpty() || rawTarget.length() > Glob.MAX_TARGET_LENGTH) {
      return Optional.empty();
    }
    return switch (this) {
      case PATH -> PathCanonicaliser.target(rawTarget);
      case URL -> UrlCanonicaliser.target(rawTarget);
      case NAME -> hasControlCharacter(rawTarget) ? Optional.empty() : Optional.of(rawTarget);
      case AMOUNT -> Optional.empty(); // a budget caps the job; no operation is aimed at it
    };
  }

  /**
   * The canonical form of a lease pattern of this kind, glob characters untouched.
   *
   * @throws ProtocolViolation if the pattern is malformed for this kind
   */
  String canonicalisePattern(String pattern) {
    return switch (this) {
      case PATH -> PathCanonicaliser.pattern(pattern);
      case URL -> UrlCanonicaliser.pattern(pattern);
      case NAME -> {
        if (hasControlCharacter(pattern)) {
          throw ProtocolViolation.invalid("a name pattern must not contain control characters");
        }
        yield pattern;
      }
      case AMOUNT ->
          throw new IllegalArgumentException("cost.budget patterns are amounts, not globs");
    };
  }

  static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }
}
