package dev.arcpekko.protocol.ids;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Resume tokens: {@code rt_} followed by 64 hex digits, i.e. 256 bits from a {@link SecureRandom}
 * (the spec asks for at least 128). Tokens are credentials: compare them with {@link #matches}
 * (constant time) and never log them.
 */
public final class ResumeToken {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BYTES = 32;

  private ResumeToken() {}

  /** A fresh token. */
  public static String mint() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return "rt_" + HexFormat.of().formatHex(bytes);
  }

  /** Constant-time comparison of a presented token with the expected one. */
  public static boolean matches(String expected, String presented) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
