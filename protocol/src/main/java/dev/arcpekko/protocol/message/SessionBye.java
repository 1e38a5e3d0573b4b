package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** {@code session.bye} (spec 1.0 §6.4): a graceful close; running jobs are not affected. */
public record SessionBye(Optional<String> reason) implements Message {
  public SessionBye {
    Objects.requireNonNull(reason, "reason");
  }

  static SessionBye read(JsonObjectReader in) {
    return new SessionBye(in.optionalString("reason"));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_BYE.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.putString("reason", reason);
  }
}
