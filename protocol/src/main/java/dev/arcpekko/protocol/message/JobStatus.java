package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import java.util.Locale;
import dev.arcpekko.protocol.json.WireNames;
import java.util.Optional;

/** A job's lifecycle state (spec 1.0 §7.3): pending → running → one of four terminal states. */
public enum JobStatus {
  PENDING,
  RUNNING,
  SUCCESS,
  ERROR,
  CANCELLED,
  TIMED_OUT;

  public boolean isTerminal() {
    return this != PENDING && this != RUNNING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<JobStatus> fromWire(String text) {
    return WireNames.lookup(values(), JobStatus::wire, text);
  }

  /** Parses a status named by a peer at {@code path}. */
  static JobStatus parse(String path, String text) {
    return fromWire(text).orElseThrow(() -> ProtocolViolation.invalid(path + ": unknown job status '"
        + JsonObjectReader.clip(text)
        + "' (expected pending, running, success, error, cancelled or timed_out)"));
  }
}
