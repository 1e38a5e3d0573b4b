package dev.arcp.protocol.event;

import java.util.Locale;
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
    for (LogLevel level : values()) {
      if (level.wire().equals(text)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }
}
