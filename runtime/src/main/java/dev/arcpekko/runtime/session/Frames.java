package dev.arcpekko.runtime.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.ArcpCodec;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.message.JobError;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.protocol.message.Message;
import dev.arcpekko.protocol.message.SessionError;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds the runtime's outbound frames as JSON text. Job frames arrive as journaled payloads, so
 * envelopes are composed directly instead of round-tripping through message records.
 */
public final class Frames {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Frames() {}

  /** One envelope; absent fields are left out. */
  public static String envelope(String id, String type, Optional<String> sessionId, Optional<String> jobId,
      Optional<String> traceId, OptionalLong eventSeq, JsonNode payload) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("arcp", ArcpCodec.VERSION).put("id", id).put("type", type);
    sessionId.ifPresent(value -> root.put("session_id", value));
    jobId.ifPresent(value -> root.put("job_id", value));
    traceId.ifPresent(value -> root.put("trace_id", value));
    eventSeq.ifPresent(value -> root.put("event_seq", value));
    root.set("payload", payload);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** The payload object of {@code message}. */
  public static JsonNode payloadOf(Message message) {
    JsonObjectWriter payload = JsonObjectWriter.create();
    message.writePayload(payload);
    return payload.node();
  }

  /** The JSON object of {@code error}, to carry it between entities. */
  public static JsonNode errorPayloadOf(ErrorPayload error) {
    JsonObjectWriter payload = JsonObjectWriter.create();
    error.writeTo(payload);
    return payload.node();
  }

  /** A {@code session.error}. */
  public static String sessionError(String id, String sessionId, ErrorPayload error) {
    return envelope(id, "session.error", Optional.of(sessionId), Optional.empty(), Optional.empty(),
        OptionalLong.empty(), payloadOf(new SessionError(error)));
  }

  /** A {@code job.error} with {@code final_status: "error"}. */
  public static String jobError(String id, Optional<String> sessionId, Optional<String> jobId,
      Optional<String> traceId, OptionalLong eventSeq, ErrorPayload error) {
    return envelope(id, "job.error", sessionId, jobId, traceId, eventSeq,
        payloadOf(new JobError(JobStatus.ERROR, error)));
  }
}
