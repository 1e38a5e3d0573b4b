package dev.arcp.protocol.message;

import dev.arcp.protocol.error.ErrorPayload;
import dev.arcp.protocol.json.JsonObjectReader;
import dev.arcp.protocol.json.JsonObjectWriter;
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
