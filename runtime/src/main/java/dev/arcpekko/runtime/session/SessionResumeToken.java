package dev.arcpekko.runtime.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resume tokens that name their session: {@code rt_<session ulid>_<64 hex>}. The session part lets
 * a client that resumes with only a token (the Java SDK) reach its session without a global token
 * index; the 256 random bits are the secret. Sessions journal only a SHA-256 hash of the token.
 */
public final class SessionResumeToken {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORMAT = Pattern.compile("rt_([0-9A-HJKMNP-TV-Z]{26})_[0-9a-f]{64}");
  private static final String SESSION_PREFIX = "sess_";

  private SessionResumeToken() {}

  /** A fresh token for {@code sessionId} ({@code sess_<ulid>}). */
  public static String mint(String sessionId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return "rt_" + sessionId.substring(SESSION_PREFIX.length()) + "_" + HexFormat.of().formatHex(secret);
  }

  /** The session a well-formed token belongs to. */
  public static Optional<String> sessionOf(String token) {
    Matcher matcher = FORMAT.matcher(token);
    return matcher.matches() ? Optional.of(SESSION_PREFIX + matcher.group(1)) : Optional.empty();
  }

  /** The hash sessions keep instead of the token. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** Constant-time comparison of a presented token with the stored hash. */
  public static boolean matches(String storedHash, String presentedToken) {
    return MessageDigest.isEqual(
        storedHash.getBytes(StandardCharsets.UTF_8), hash(presentedToken).getBytes(StandardCharsets.UTF_8));
  }
}
