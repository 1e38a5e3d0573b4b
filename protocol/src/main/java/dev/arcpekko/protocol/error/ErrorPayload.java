package dev.arcpekko.protocol.error;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * The error shape shared by {@code session.error}, {@code job.error} and {@code tool_result}
 * errors: {@code {code, message, retryable, details?}}. The message is never empty and the codes
 * whose retryability the protocol fixes cannot be built with the other value.
 */
public record ErrorPayload(
    ErrorCode code, String message, boolean retryable, Optional<ObjectNode> details) {

  public ErrorPayload {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(details, "details");
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("error message must not be empty");
    }
    if (code.retryableIsFixed() && retryable != code.defaultRetryable()) {
      throw new IllegalArgumentException(
          code + " must be sent with retryable=" + code.defaultRetryable());
    }
  }

  /** An error with the code's default retryability; a blank message becomes the code's meaning. */
  public static ErrorPayload of(ErrorCode code, String message) {
    return new ErrorPayload(code, orMeaning(code, message), code.defaultRetryable(), Optional.empty());
  }

  /** Like {@link #of(ErrorCode, String)} with error-specific details. */
  public static ErrorPayload of(ErrorCode code, String message, ObjectNode details) {
    return new ErrorPayload(code, orMeaning(code, message), code.defaultRetryable(), Optional.of(details));
  }

  /** The error a protocol violation should be answered with. */
  public static ErrorPayload of(ProtocolViolation violation) {
    return of(violation.code(), violation.getMessage());
  }

  /** Reads an error object, rejecting unknown codes and inconsistent retryability. */
  public static ErrorPayload read(JsonObjectReader in) {
    String wireCode = in.requireString("code");
    ErrorCode code = ErrorCode.fromWire(wireCode).orElseThrow(() -> ProtocolViolation.invalid(
        in.pathOf("code") + ": unknown error code '" + JsonObjectReader.clip(wireCode) + "'"));
    String message = in.requireNonEmptyString("message");
    if (message.isBlank()) {
      throw ProtocolViolation.invalid(in.pathOf("message") + ": must not be blank");
    }
    boolean retryable = in.optionalBoolean("retryable").orElse(code.defaultRetryable());
    if (code.retryableIsFixed() && retryable != code.defaultRetryable()) {
      throw ProtocolViolation.invalid(
          in.pathOf("retryable") + ": " + code + " requires retryable=" + code.defaultRetryable());
    }
    Optional<ObjectNode> details = in.optionalObject("details").map(JsonObjectReader::node);
    return new ErrorPayload(code, message, retryable, details);
  }

  /** Writes the four error fields into {@code out}. */
  public void writeTo(JsonObjectWriter out) {
    out.put("code", code.name())
        .put("message", message)
        .put("retryable", retryable)
        .putJson("details", details);
  }

  private static String orMeaning(ErrorCode code, String message) {
    return message == null || message.isBlank() ? code.meaning() : message;
  }
}
