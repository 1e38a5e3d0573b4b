package dev.arcpekko.runtime.credentials;

import java.util.concurrent.CompletionException;

/**
 * A provisioner or revocation-store failure. A transient one is retried with back-off; a permanent
 * one is not (a permanent revocation failure is reported to operators). The message never holds a
 * secret.
 */
public final class CredentialException extends Exception {
  private final boolean permanent;

  private CredentialException(String message, boolean permanent, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** A failure that may go away: the upstream is unreachable, overloaded, timed out. */
  public static CredentialException transientFailure(String message, Throwable cause) {
    return new CredentialException(message, false, cause);
  }

  /** A failure retrying cannot fix: the upstream refused the request for good. */
  public static CredentialException permanentFailure(String message) {
    return new CredentialException(message, true, null);
  }

  public boolean permanent() {
    return permanent;
  }

  /** Whether {@code failure} (possibly wrapped by a future) is a permanent credential failure. */
  public static boolean isPermanent(Throwable failure) {
    return causeOf(failure) instanceof CredentialException credential && credential.permanent();
  }

  /** What went wrong, for a log line: the message of {@code failure}'s cause, or its type. */
  public static String reasonOf(Throwable failure) {
    Throwable cause = causeOf(failure);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static Throwable causeOf(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
