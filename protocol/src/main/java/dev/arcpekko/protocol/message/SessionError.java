package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;

/** {@code session.error}: a session-level failure; the payload is the common error shape. */
public record SessionError(ErrorPayload error) implements Message {
  public SessionError {
    Objects.requireNonNull(error, "error");
  }

  static SessionError read(JsonObjectReader in) {
    return new SessionError(ErrorPayload.read(in));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_ERROR.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    error.writeTo(out);
  }
}
