package dev.arcpekko.runtime.agent;

import dev.arcpekko.protocol.error.ErrorPayload;
import java.util.Objects;

/** The answer to {@link JobContext#authorize}: allowed, or denied with the protocol error. */
public sealed interface Authorization {

  /** The operation may proceed. */
  record Allowed() implements Authorization {}

  /** The operation is refused; {@code error} says why ({@code PERMISSION_DENIED} …). */
  record Denied(ErrorPayload error) implements Authorization {
    public Denied {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The single allowed answer. */
  static Authorization allowed() {
    return new Allowed();
  }

  /** Whether the operation may proceed. */
  default boolean isAllowed() {
    return this instanceof Allowed;
  }
}
