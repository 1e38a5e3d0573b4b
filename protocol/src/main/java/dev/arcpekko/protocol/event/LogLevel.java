package dev.arcpekko.protocol.event;

import java.util.Locale;
import dev.arcpekko.protocol.json.WireNames;
import java.util.Optional;

/** The {@code level} of a {@code log} event. */
public enum LogLevel {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  CRITICAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<LogLevel> fromWire(String text) {
    return WireNames.lookup(values(), LogLevel::wire, text);
  }
}
