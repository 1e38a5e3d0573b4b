package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code session.pong} (spec 1.1 §6.4): the answer to a ping, echoing its nonce. */
public record SessionPong(String pingNonce, Optional<Instant> receivedAt) implements Message {
  public SessionPong {
    Objects.requireNonNull(pingNonce, "pingNonce");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  static SessionPong read(JsonObjectReader in) {
    return new SessionPong(in.requireNonEmptyString("ping_nonce"), in.optionalInstant("received_at"));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_PONG.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("ping_nonce", pingNonce).putInstant("received_at", receivedAt);
  }
}
