package dev.arcpekko.protocol;

import static dev.arcpekko.protocol.error.ErrorCode.INVALID_REQUEST;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.ids.TraceId;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.message.Message;
import dev.arcpekko.protocol.message.MessageType;
import dev.arcpekko.protocol.message.VendorMessage;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns one text frame into a typed {@link Envelope} or a precise {@link DecodeResult.Rejected
 * rejection}, and envelopes back into frames. Strict where the specification says MUST (required
 * fields, types, trace ids, lease grammar, error shapes), lenient where it says to ignore (unknown
 * top-level and payload fields, unknown feature flags, unknown event kinds). Never throws on peer
 * input. Thread-safe.
 */
public final class ArcpCodec {
  /** The protocol version we send (the TypeScript client drops any other value). */
  public static final String VERSION = "1.1";

  /** The versions we accept: v1.1, and v1.0 peers writing {@code "1"} or {@code "1.0"}. */
  public static final Set<String> ACCEPTED_VERSIONS = Set.of("1.1", "1", "1.0");

  private static final int MAX_NUMBER_LENGTH = 256;

  private final CodecLimits limits;
  private final ObjectMapper mapper;
  private final JsonFactory salvageFactory;

  public ArcpCodec() {
    this(CodecLimits.DEFAULT);
  }

  public ArcpCodec(CodecLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNestingDepth())
        .maxStringLength(limits.maxFrameBytes())
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .build();
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(constraints)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    // Salvage must see a repeated field to distrust it, so it reads without duplicate detection.
    this.salvageFactory = JsonFactory.builder().streamReadConstraints(constraints).build();
    this.mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .nodeFactory(JsonObjectWriter.nodes())
        .build();
  }

  public CodecLimits limits() {
    return limits;
  }

  /** Decodes one frame. Every failure is a {@link DecodeResult.Rejected}, never an exception. */
  public DecodeResult decode(String frame) {
    if (exceedsFrameLimit(frame)) {
      return rejectUnparsed("frame exceeds the " + limits.maxFrameBytes() + "-byte limit", frame);
    }
    JsonNode root;
    try (JsonParser parser = mapper.createParser(frame)) {
      root = mapper.readTree(parser);
      if (root != null && parser.nextToken() != null) {
        return reject(ErrorPayload.of(INVALID_REQUEST, "unexpected content after the JSON object"), root);
      }
    } catch (StreamConstraintsException e) {
      return rejectUnparsed("frame exceeds limits: " + describeLimit(e.getOriginalMessage()), frame);
    } catch (JsonProcessingException e) {
      return rejectUnparsed(
          "frame is not valid JSON: " + firstLine(e.getOriginalMessage()) + locationOf(e), frame);
    } catch (IOException e) {
      return rejectUnparsed("frame is not valid JSON", frame);
    }
    Optional<String> unpaired = root == null ? Optional.empty() : UnpairedSurrogates.find(frame, root);
    if (unpaired.isPresent()) {
      return reject(ErrorPayload.of(INVALID_REQUEST, unpaired.get()
          + ": contains an unpaired UTF-16 surrogate escape (strings must be valid Unicode)"), root);
    }
    return decode(root);
  }

  /** Decodes an already parsed frame. */
  public DecodeResult decode(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      return reject(ErrorPayload.of(INVALID_REQUEST, "frame is empty"), null);
    }
    if (!root.isObject()) {
      return reject(ErrorPayload.of(INVALID_REQUEST,
          "frame must be a JSON object, got " + JsonObjectReader.describe(root)), null);
    }
    try {
      return new DecodeResult.Decoded(readEnvelope(JsonObjectReader.of(root, "")));
    } catch (ProtocolViolation e) {
      return reject(ErrorPayload.of(e), root);
    } catch (IllegalArgumentException e) {
      // Second line of defence: a record invariant the readers did not check first. The message
      // is ours (never peer text beyond a clipped value), so it can be returned as is.
      return reject(ErrorPayload.of(INVALID_REQUEST, "invalid value: " + e.getMessage()), root);
    }
  }

  /** Encodes an envelope as one line of JSON (no embedded newlines, as stdio framing needs). */
  public String encode(Envelope envelope) {
    try {
      return mapper.writeValueAsString(toTree(envelope));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** The JSON tree of an envelope, fields in spec order. */
  public ObjectNode toTree(Envelope envelope) {
    JsonObjectWriter out = JsonObjectWriter.create()
        .put("arcp", VERSION)
        .put("id", envelope.id())
        .put("type", envelope.type())
        .putString("session_id", envelope.sessionId())
        .putString("trace_id", envelope.traceId())
        .putString("job_id", envelope.jobId())
        .putLong("event_seq", envelope.eventSeq())
        .putJson("extensions", envelope.extensions());
    JsonObjectWriter payload = JsonObjectWriter.create();
    envelope.message().writePayload(payload);
    return out.put("payload", payload).node();
  }

  /** Parses text that must be JSON, for callers outside the frame path (tests, tools). */
  public JsonNode parse(String json) throws JsonProcessingException {
    return mapper.readTree(json);
  }

  private static Envelope readEnvelope(JsonObjectReader in) {
    String version = in.requireString("arcp");
    if (!ACCEPTED_VERSIONS.contains(version)) {
      throw ProtocolViolation.invalid("arcp: unsupported protocol version '"
          + JsonObjectReader.clip(version) + "' (accepted: 1.1, 1, 1.0)");
    }
    String id = in.requireNonEmptyString("id");
    String type = in.requireNonEmptyString("type");
    Optional<String> sessionId = in.optionalNonEmptyString("session_id");
    Optional<String> traceId = TraceId.read(in, "trace_id");
    Optional<String> jobId = in.optionalNonEmptyString("job_id");
    OptionalLong eventSeq = in.optionalLong("event_seq", 0);
    Optional<ObjectNode> extensions = in.optionalObject("extensions").map(ArcpCodec::checkExtensions);
    checkRequiredFields(type, jobId, eventSeq);
    JsonObjectReader payload = in.requireObject("payload");
    Message message = readMessage(type, payload, jobId);
    return new Envelope(id, sessionId, traceId, jobId, eventSeq, extensions, message);
  }

  private static Message readMessage(String type, JsonObjectReader payload, Optional<String> jobId) {
    Optional<MessageType> known = MessageType.fromWire(type);
    if (known.isEmpty()) {
      if (VendorMessage.isVendorType(type)) {
        return new VendorMessage(type, payload.node());
      }
      throw ProtocolViolation.invalid("type: unknown message type '" + JsonObjectReader.clip(type) + "'");
    }
    MessageType messageType = known.get();
    return messageType.read(payload, jobId);
  }

  private static void checkRequiredFields(String type, Optional<String> jobId, OptionalLong eventSeq) {
    MessageType.EnvelopeFields required =
        MessageType.fromWire(type).map(MessageType::envelope).orElse(MessageType.EnvelopeFields.NONE);
    if (required.requiresJobId() && jobId.isEmpty()) {
      throw ProtocolViolation.invalid("job_id: " + type + " requires an envelope job_id");
    }
    if (required.requiresEventSeq() && eventSeq.isEmpty()) {
      throw ProtocolViolation.invalid("event_seq: " + type + " requires an envelope event_seq");
    }
  }

  private static ObjectNode checkExtensions(JsonObjectReader extensions) {
    extensions.optionalBoolean("optional");
    return extensions.node();
  }

  private DecodeResult rejectUnparsed(String message, String frame) {
    EnvelopeSalvage salvage = EnvelopeSalvage.scan(salvageFactory, frame);
    return new DecodeResult.Rejected(ErrorPayload.of(INVALID_REQUEST, message), salvage.get("id"),
        salvage.get("type"), salvage.get("session_id"), salvage.get("job_id"));
  }

  private String describeLimit(String parserMessage) {
    String message = parserMessage == null ? "" : parserMessage;
    if (message.contains("nesting depth")) {
      return "nesting deeper than " + limits.maxNestingDepth() + " levels";
    }
    if (message.contains("Number value length")) {
      return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
    }
    if (message.contains("String value length")) {
      return "a string longer than " + limits.maxFrameBytes() + " characters";
    }
    return "the parser's bounds";
  }

  private DecodeResult reject(ErrorPayload error, JsonNode root) {
    return new DecodeResult.Rejected(
        error, text(root, "id"), text(root, "type"), text(root, "session_id"), text(root, "job_id"));
  }

  private static Optional<String> text(JsonNode root, String field) {
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    JsonNode value = root.get(field);
    return value != null && value.isTextual() && !value.textValue().isEmpty()
        ? Optional.of(value.textValue())
        : Optional.empty();
  }

  private boolean exceedsFrameLimit(String frame) {
    int max = limits.maxFrameBytes();
    if (frame.length() > max) {
      return true; // every char takes at least one UTF-8 byte
    }
    if (frame.length() <= max / 3) {
      return false; // no char takes more than three
    }
    long bytes = 0;
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes > max;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
