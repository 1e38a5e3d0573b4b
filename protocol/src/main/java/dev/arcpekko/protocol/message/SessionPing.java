package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code session.ping} (spec 1.1 §6.4): sent by an idle peer; the other answers with a pong. */
public record SessionPing(String nonce, Optional<Instant> sentAt) implements Message {
  public SessionPing {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(sentAt, "sentAt");
  }

  static SessionPing read(JsonObjectReader in) {
    return new SessionPing(in.requireNonEmptyString("nonce"), in.optionalInstant("sent_at"));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_PING.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("nonce", nonce).putInstant("sent_at", sentAt);
  }
}
