package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Canonical forms of absolute POSIX paths, also used for the path component of URLs: empty and
 * {@code .} segments vanish, {@code ..} removes the segment before it and stays put at the root,
 * and no trailing slash survives, so the root is {@code /} and anything else is {@code /a/b}.
 */
final class PathCanonicaliser {
  private PathCanonicaliser() {}

  /** The canonical form of a filesystem target; relative paths and NUL bytes have none. */
  static Optional<String> target(String rawPath) {
    if (!rawPath.startsWith("/") || rawPath.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    return Optional.of(resolve(rawPath));
  }

  /** The canonical form of a filesystem pattern; see {@link #resolvePattern}. */
  static String pattern(String rawPattern) {
    if (!rawPattern.startsWith("/")) {
      throw ProtocolViolation.invalid("path pattern '" + rawPattern + "' must be absolute");
    }
    if (rawPattern.indexOf('\0') >= 0) {
      throw ProtocolViolation.invalid("a path pattern must not contain NUL");
    }
    return resolvePattern(rawPattern, rawPattern);
  }

  /** Resolves {@code path}'s dot segments as POSIX does; a leading slash is implied. */
  static String resolve(String path) {
    Deque<String> kept = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      switch (segment) {
        case "", "." -> {}
        case ".." -> kept.pollLast();
        default -> kept.addLast(segment);
      }
    }
    return join(kept);
  }

  /**
   * Drops {@code path}'s empty segments. Dot segments are refused rather than resolved: in a
   * pattern they are either a mistake or an attempt to make the pattern read as narrower than it
   * is. {@code pattern} is the whole pattern, for the message.
   */
  static String resolvePattern(String path, String pattern) {
    Deque<String> kept = new ArrayDeque<>();
    for (String segment : path.split("/", -1)) {
      switch (segment) {
        case "" -> {}
        case ".", ".." ->
            throw ProtocolViolation.invalid(
                "pattern '" + pattern + "' must not contain '.' or '..' segments");
        default -> kept.addLast(segment);
      }
    }
    return join(kept);
  }

  private static String join(Deque<String> segments) {
    return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
  }
}
