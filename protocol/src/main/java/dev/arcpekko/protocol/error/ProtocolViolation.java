package dev.arcpekko.protocol.error;

import java.util.Objects;

/**
 * A peer's input broke the protocol: the frame, a field, or a value. Carries the canonical code
 * to answer with (usually {@link ErrorCode#INVALID_REQUEST}) and a message that says exactly what
 * was wrong, suitable to send back to the peer as is (never a stack trace, never a secret).
 */
public final class ProtocolViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ProtocolViolation(ErrorCode code, String message) {
    super(requireMessage(message), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** An {@link ErrorCode#INVALID_REQUEST} violation. */
  public static ProtocolViolation invalid(String message) {
    return new ProtocolViolation(ErrorCode.INVALID_REQUEST, message);
  }

  public ErrorCode code() {
    return code;
  }

  /** The same violation with {@code prefix} (a field path such as {@code payload.lease_request}) in front. */
  public ProtocolViolation at(String prefix) {
    return new ProtocolViolation(code, prefix + ": " + getMessage());
  }

  private static String requireMessage(String message) {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a protocol violation needs a message");
    }
    return message;
  }
}
