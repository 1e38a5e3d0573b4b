package dev.arcpekko.protocol;

import dev.arcpekko.protocol.error.ErrorPayload;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ArcpCodec#decode} made of one frame: a typed {@link Decoded envelope}, or a
 * {@link Rejected rejection} carrying the error to answer with and whatever envelope fields could
 * still be read, so that the runtime can address its answer (echo the request id, name the job).
 */
public sealed interface DecodeResult {

  /** A well-formed frame. */
  record Decoded(Envelope envelope) implements DecodeResult {
    public Decoded {
      Objects.requireNonNull(envelope, "envelope");
    }
  }

  /** A frame that broke the protocol, with the salvageable envelope fields. */
  record Rejected(
      ErrorPayload error,
      Optional<String> id,
      Optional<String> type,
      Optional<String> sessionId,
      Optional<String> jobId)
      implements DecodeResult {
    public Rejected {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(jobId, "jobId");
    }
  }
}
