package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;

/** {@code session.ack} (spec 1.1 §6.5): the highest event seq the client has processed. */
public record SessionAck(long lastProcessedSeq) implements Message {
  public SessionAck {
    if (lastProcessedSeq < 0) {
      throw new IllegalArgumentException("lastProcessedSeq must be >= 0");
    }
  }

  static SessionAck read(JsonObjectReader in) {
    return new SessionAck(in.requireLong("last_processed_seq", 0));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_ACK.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("last_processed_seq", lastProcessedSeq);
  }
}
