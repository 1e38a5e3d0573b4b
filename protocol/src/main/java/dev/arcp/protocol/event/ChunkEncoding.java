package dev.arcp.protocol.event;

import java.util.Locale;
import java.util.Optional;

/** How a {@code result_chunk}'s {@code data} is encoded (spec 1.1 §8.4). */
public enum ChunkEncoding {
  UTF8,
  BASE64;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ChunkEncoding> fromWire(String text) {
    for (ChunkEncoding encoding : values()) {
      if (encoding.wire().equals(text)) {
        return Optional.of(encoding);
      }
    }
    return Optional.empty();
  }
}
