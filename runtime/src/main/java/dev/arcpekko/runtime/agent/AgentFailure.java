package dev.arcpekko.runtime.agent;

import dev.arcpekko.protocol.error.ErrorPayload;
import java.util.Objects;

/** Thrown by an agent to end its job with a specific ARCP error instead of INTERNAL_ERROR. */
public class AgentFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ErrorPayload error;

  public AgentFailure(ErrorPayload error) {
    super(error.message());
    this.error = Objects.requireNonNull(error, "error");
  }

  /** The error the job ends with. */
  public ErrorPayload error() {
    return error;
  }
}
