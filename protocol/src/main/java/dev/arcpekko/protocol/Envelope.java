package dev.arcpekko.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.message.Message;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One ARCP frame (spec 1.0 §5.1): the envelope fields and the typed {@link Message} carried as its
 * {@code payload}. The protocol version is not stored: we always send {@link ArcpCodec#VERSION}.
 */
public record Envelope(
    String id,
    Optional<String> sessionId,
    Optional<String> traceId,
    Optional<String> jobId,
    OptionalLong eventSeq,
    Optional<ObjectNode> extensions,
    Message message) {

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(eventSeq, "eventSeq");
    Objects.requireNonNull(extensions, "extensions");
    Objects.requireNonNull(message, "message");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("envelope id must not be empty");
    }
  }

  /** A new envelope for {@code message} with a fresh {@code msg_} id and no other field set. */
  public static Envelope of(Message message) {
    return new Envelope(Ids.message(), Optional.empty(), Optional.empty(), Optional.empty(),
        OptionalLong.empty(), Optional.empty(), message);
  }

  /** The envelope {@code type}. */
  public String type() {
    return message.wireType();
  }

  public Envelope withId(String newId) {
    return new Envelope(newId, sessionId, traceId, jobId, eventSeq, extensions, message);
  }

  public Envelope withSessionId(String value) {
    return new Envelope(id, Optional.of(value), traceId, jobId, eventSeq, extensions, message);
  }

  public Envelope withTraceId(String value) {
    return new Envelope(id, sessionId, Optional.of(value), jobId, eventSeq, extensions, message);
  }

  public Envelope withJobId(String value) {
    return new Envelope(id, sessionId, traceId, Optional.of(value), eventSeq, extensions, message);
  }

  public Envelope withEventSeq(long value) {
    return new Envelope(id, sessionId, traceId, jobId, OptionalLong.of(value), extensions, message);
  }

  public Envelope withMessage(Message value) {
    return new Envelope(id, sessionId, traceId, jobId, eventSeq, extensions, value);
  }

  /** Whether the sender marked this frame ignorable ({@code extensions.optional: true}). */
  public boolean isOptional() {
    return extensions.map(e -> e.get("optional")).filter(JsonNode::isBoolean)
        .map(JsonNode::booleanValue).orElse(false);
  }
}
