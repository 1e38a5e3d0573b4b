package dev.arcpekko.protocol.ids;

import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * W3C Trace Context trace ids: 32 lowercase hex digits, not all zero (the W3C invalid value).
 */
public final class TraceId {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TraceId() {}

  /** A fresh random trace id (16 bytes). */
  public static String mint() {
    byte[] bytes = new byte[16];
    do {
      RANDOM.nextBytes(bytes);
    } while (allZero(bytes));
    return HexFormat.of().formatHex(bytes);
  }

  public static boolean isValid(String text) {
    if (text.length() != 32) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < 32; i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!hex) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  /** Returns {@code text} if it is a valid trace id, else throws naming {@code field}. */
  public static String require(String field, String text) {
    if (!isValid(text)) {
      throw ProtocolViolation.invalid(
          field + ": must be a W3C trace-id (32 lowercase hex digits, not all zero)");
    }
    return text;
  }

  /** The optional trace id in {@code field} of {@code in}, validated. */
  public static Optional<String> read(JsonObjectReader in, String field) {
    return in.optionalString(field).map(text -> require(in.pathOf(field), text));
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
