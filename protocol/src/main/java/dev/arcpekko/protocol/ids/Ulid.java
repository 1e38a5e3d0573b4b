package dev.arcpekko.protocol.ids;

import java.security.SecureRandom;

/**
 * Monotonic ULIDs (26 characters of Crockford base32: 48-bit millisecond time, 80 random bits).
 * Within one millisecond, and when the clock steps back, the random part is incremented so that
 * identifiers minted by one generator sort in the order they were minted.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long RANDOM_HIGH_MASK = (1L << 16) - 1;

  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private long randomHigh;
  private long randomLow;

  /** The next identifier; thread-safe. */
  public synchronized String next() {
    long now = System.currentTimeMillis();
    if (now > lastMillis) {
      lastMillis = now;
      randomHigh = random.nextLong() & RANDOM_HIGH_MASK;
      randomLow = random.nextLong();
    } else {
      increment();
    }
    return encode(lastMillis, randomHigh, randomLow);
  }

  /** Whether {@code text} is a syntactically valid ULID. */
  public static boolean isValid(String text) {
    if (text.length() != 26 || text.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private void increment() {
    randomLow++;
    if (randomLow == 0) {
      randomHigh = (randomHigh + 1) & RANDOM_HIGH_MASK;
      if (randomHigh == 0) {
        // 80 random bits exhausted within one millisecond: borrow the next millisecond.
        lastMillis++;
      }
    }
  }

  private static String encode(long millis, long high, long low) {
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // 80 random bits = 16 high bits followed by 64 low bits, written as 16 base32 digits.
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(out);
  }

  private static int indexOf(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
