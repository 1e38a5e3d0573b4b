package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to resume a session: which session (absent in the Java SDK's flat form, where the
 * token alone identifies it), its latest resume token, and the last event seq the client saw.
 * {@link #toString()} never reveals the token.
 */
public record ResumeRequest(Optional<String> sessionId, String resumeToken, long lastEventSeq) {
  public ResumeRequest {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(resumeToken, "resumeToken");
    if (lastEventSeq < 0) {
      throw new IllegalArgumentException("lastEventSeq must be >= 0");
    }
  }

  /** Reads the three resume fields from {@code in}; {@code last_event_seq} defaults to 0. */
  static ResumeRequest read(JsonObjectReader in) {
    return new ResumeRequest(
        in.optionalNonEmptyString("session_id"),
        in.requireNonEmptyString("resume_token"),
        in.optionalLong("last_event_seq", 0).orElse(0));
  }

  void writeTo(JsonObjectWriter out) {
    out.putString("session_id", sessionId)
        .put("resume_token", resumeToken)
        .put("last_event_seq", lastEventSeq);
  }

  @Override
  public String toString() {
    return "ResumeRequest[sessionId=" + sessionId + ", resumeToken=<redacted>, lastEventSeq="
        + lastEventSeq + "]";
  }
}
