package dev.arcpekko.runtime.session;

import dev.arcpekko.protocol.ids.ResumeToken;
import dev.arcpekko.runtime.Sha256;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resume tokens that name their session: {@code rt_<session ulid>_<64 hex>}, the hex part being a
 * {@link ResumeToken}'s 256 random bits. The session part lets a client that resumes with only a
 * token (the Java SDK) reach its session without a global token index; the random part is the
 * secret. Sessions journal only a SHA-256 hash of the token.
 */
public final class SessionResumeToken {
  private static final Pattern FORMAT = Pattern.compile("rt_([0-9A-HJKMNP-TV-Z]{26})_[0-9a-f]{64}");
  private static final String SESSION_PREFIX = "sess_";
  private static final String TOKEN_PREFIX = "rt_";

  private SessionResumeToken() {}

  /** A fresh token for {@code sessionId} ({@code sess_<ulid>}). */
  public static String mint(String sessionId) {
    return TOKEN_PREFIX + sessionId.substring(SESSION_PREFIX.length()) + "_"
        + ResumeToken.mint().substring(TOKEN_PREFIX.length());
  }

  /** The session a well-formed token belongs to. */
  public static Optional<String> sessionOf(String token) {
    Matcher matcher = FORMAT.matcher(token);
    return matcher.matches() ? Optional.of(SESSION_PREFIX + matcher.group(1)) : Optional.empty();
  }

  /** The hash sessions keep instead of the token. */
  public static String hash(String token) {
    return Sha256.hex(token);
  }

  /** Constant-time comparison of a presented token with the stored hash. */
  public static boolean matches(String storedHash, String presentedToken) {
    return ResumeToken.matches(storedHash, hash(presentedToken));
  }
}
