package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** {@code session.closed} (spec 1.1 §6.7): the runtime acknowledges a close. */
public record SessionClosed(Optional<String> reason) implements Message {
  public SessionClosed {
    Objects.requireNonNull(reason, "reason");
  }

  static SessionClosed read(JsonObjectReader in) {
    return new SessionClosed(in.optionalString("reason"));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_CLOSED.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.putString("reason", reason);
  }
}
