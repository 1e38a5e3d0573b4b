package dev.arcpekko.protocol.error;

import dev.arcpekko.protocol.json.WireNames;
import java.util.Optional;

/**
 * The closed set of canonical ARCP error codes (spec 1.0 §12, 1.1 §12), each with its meaning and
 * the {@code retryable} value we send unless a caller has a reason to differ.
 *
 * <p>{@code INTERNAL_ERROR} is always retryable; {@code LEASE_EXPIRED} and {@code BUDGET_EXHAUSTED}
 * never are (1.1 §12). {@code TIMEOUT} defaults to retryable, matching the reference runtime.
 */
public enum ErrorCode {
  PERMISSION_DENIED("Operation rejected by lease enforcement.", false, Retryability.DEFAULT),
  LEASE_SUBSET_VIOLATION("Delegation request expanded beyond parent lease.", false, Retryability.DEFAULT),
  JOB_NOT_FOUND("Referenced job_id does not exist or is not visible.", false, Retryability.DEFAULT),
  DUPLICATE_KEY("idempotency_key reuse with conflicting parameters.", false, Retryability.DEFAULT),
  AGENT_NOT_AVAILABLE("Requested agent is not registered.", false, Retryability.DEFAULT),
  AGENT_VERSION_NOT_AVAILABLE(
      "Agent name resolved but requested version unavailable.", false, Retryability.DEFAULT),
  CANCELLED("Job ended due to client cancellation.", false, Retryability.DEFAULT),
  TIMEOUT("Job exceeded max_runtime_sec.", true, Retryability.DEFAULT),
  RESUME_WINDOW_EXPIRED("Resume attempted after the buffer window closed.", false, Retryability.DEFAULT),
  HEARTBEAT_LOST("Peer detected counterparty disconnection.", false, Retryability.DEFAULT),
  LEASE_EXPIRED("Lease's expires_at reached during execution.", false, Retryability.FIXED),
  BUDGET_EXHAUSTED("A cost.budget counter reached zero.", false, Retryability.FIXED),
  INVALID_REQUEST("Malformed envelope or schema violation.", false, Retryability.DEFAULT),
  UNAUTHENTICATED("Missing or invalid authentication.", false, Retryability.DEFAULT),
  INTERNAL_ERROR("Unrecoverable runtime fault. Always retryable.", true, Retryability.FIXED);

  private enum Retryability {
    DEFAULT,
    FIXED
  }

  private final String meaning;
  private final boolean defaultRetryable;
  private final Retryability retryability;

  ErrorCode(String meaning, boolean defaultRetryable, Retryability retryability) {
    this.meaning = meaning;
    this.defaultRetryable = defaultRetryable;
    this.retryability = retryability;
  }

  /** The meaning the specification gives this code; used when a caller has no better message. */
  public String meaning() {
    return meaning;
  }

  /** The {@code retryable} value sent when the caller does not choose one. */
  public boolean defaultRetryable() {
    return defaultRetryable;
  }

  /** Whether the specification (or the official clients' validation) fixes {@code retryable}. */
  public boolean retryableIsFixed() {
    return retryability == Retryability.FIXED;
  }

  /** The code whose wire name is {@code name}, if it is one of the canonical codes. */
  public static Optional<ErrorCode> fromWire(String name) {
    return WireNames.lookup(values(), Enum::name, name);
  }
}
