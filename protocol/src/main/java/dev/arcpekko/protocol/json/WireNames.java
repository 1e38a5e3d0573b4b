package dev.arcpekko.protocol.json;

import java.util.Optional;
import java.util.function.Function;

/** Looks up the constant of a protocol enum by the name it has on the wire. */
public final class WireNames {
  private WireNames() {}

  /** The constant among {@code values} whose wire name is {@code text}, if any. */
  public static <E extends Enum<E>> Optional<E> lookup(E[] values, Function<E, String> wireName, String text) {
    for (E value : values) {
      if (wireName.apply(value).equals(text)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
