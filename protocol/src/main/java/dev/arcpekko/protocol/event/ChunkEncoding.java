package dev.arcpekko.protocol.event;

import java.util.Locale;
import dev.arcpekko.protocol.json.WireNames;
import java.util.Optional;

/** How a {@code result_chunk}'s {@code data} is encoded (spec 1.1 §8.4). */
public enum ChunkEncoding {
  UTF8,
  BASE64;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ChunkEncoding> fromWire(String text) {
    return WireNames.lookup(values(), ChunkEncoding::wire, text);
  }
}
