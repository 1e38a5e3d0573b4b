package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.Objects;

/**
 * An anchored lease pattern (spec 1.0 §9.2), compiled once and matched against many canonical
 * targets: {@code *} matches within one segment, {@code /**} followed by {@code /} or the end
 * matches zero or more whole segments, any other {@code **} matches anything, and every other
 * character stands for itself. Matching and containment run on automata, never on a backtracking
 * regex, so no pattern can make them slow.
 */
public final class Glob {
  static final int MAX_PATTERN_LENGTH = 1024;
  static final int MAX_TARGET_LENGTH = 8192;

  /** Enough for any realistic pair of patterns; beyond it containment is reported unproven. */
  static final int MAX_CONTAINMENT_STATES = 20_000;

  private final String pattern;
  private final GlobAutomaton automaton;

  private Glob(String pattern, GlobAutomaton automaton) {
    this.pattern = pattern;
    this.automaton = automaton;
  }

  /** Compiles {@code pattern}; an empty or overlong pattern is an INVALID_REQUEST. */
  public static Glob compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) {
      throw ProtocolViolation.invalid("a pattern must not be empty");
    }
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      throw ProtocolViolation.invalid(
          "a pattern may be at most "
              + MAX_PATTERN_LENGTH
              + " characters long, not "
              + pattern.length());
    }
    return new Glob(pattern, GlobAutomaton.of(pattern));
  }

  public String pattern() {
    return pattern;
  }

  /** Whether the whole of {@code target} matches; targets over 8192 characters never do. */
  public boolean matches(String target) {
    Objects.requireNonNull(target, "target");
    return target.length() <= MAX_TARGET_LENGTH && automaton.accepts(target);
  }

  /**
   * Whether every string {@code other} matches is matched by this pattern (spec 1.0 §9.4). Exact
   * language inclusion, so reflexive and transitive; false when it cannot be proven within the
   * state budget, as delegation must then be refused.
   */
  public boolean covers(Glob other) {
    return pattern.equals(other.pattern)
        || automaton.includes(other.automaton, MAX_CONTAINMENT_STATES);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Glob that && pattern.equals(that.pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
