package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.event.EventKinds;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code job.event} (spec 1.0 §8, 1.1 §8): one event of a running job, {@code {kind, ts, body}}.
 * Unknown kinds are kept as opaque bodies, never rejected.
 */
public record JobEventMessage(Instant ts, EventBody body) implements Message {
  public JobEventMessage {
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(body, "body");
  }

  static JobEventMessage read(JsonObjectReader in) {
    return new JobEventMessage(in.requireInstant("ts"), EventKinds.read(in));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_EVENT.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("kind", body.kind()).put("ts", ts);
    out.put("body", body.toJson());
  }
}
