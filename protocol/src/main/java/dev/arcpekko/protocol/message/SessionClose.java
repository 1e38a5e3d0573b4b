package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** {@code session.close} (spec 1.1 §6.7): the client ends the session; jobs keep running. */
public record SessionClose(Optional<String> reason) implements Message {
  public SessionClose {
    Objects.requireNonNull(reason, "reason");
  }

  static SessionClose read(JsonObjectReader in) {
    return new SessionClose(in.optionalString("reason"));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_CLOSE.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.putString("reason", reason);
  }
}
