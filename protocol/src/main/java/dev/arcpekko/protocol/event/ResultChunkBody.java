package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A {@code result_chunk} event (spec 1.1 §8.4): one piece of a streamed result,
 * {@code {result_id, chunk_seq, data, encoding, more}}. Base64 data is checked on read.
 */
public record ResultChunkBody(String resultId, long chunkSeq, String data, ChunkEncoding encoding, boolean more)
    implements EventBody {
  public static final String KIND = "result_chunk";

  public ResultChunkBody {
    Objects.requireNonNull(resultId, "resultId");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(encoding, "encoding");
    if (chunkSeq < 0) {
      throw new IllegalArgumentException("chunkSeq must be >= 0");
    }
  }

  static ResultChunkBody read(JsonObjectReader in) {
    String wireEncoding = in.requireString("encoding");
    ChunkEncoding encoding = ChunkEncoding.fromWire(wireEncoding).orElseThrow(() ->
        ProtocolViolation.invalid(in.pathOf("encoding") + ": expected utf8 or base64, got '"
            + JsonObjectReader.clip(wireEncoding) + "'"));
    String data = in.requireString("data");
    if (encoding == ChunkEncoding.BASE64) {
      try {
        Base64.getDecoder().decode(data);
      } catch (IllegalArgumentException e) {
        throw ProtocolViolation.invalid(in.pathOf("data") + ": not valid base64");
      }
    }
    return new ResultChunkBody(
        in.requireNonEmptyString("result_id"),
        in.requireLong("chunk_seq", 0),
        data,
        encoding,
        in.requireBoolean("more"));
  }

  /** The number of bytes this chunk contributes to the assembled result. */
  public long decodedSize() {
    if (encoding == ChunkEncoding.UTF8) {
      return data.getBytes(StandardCharsets.UTF_8).length;
    }
    // Computed from the length (chunks can be a mebibyte; decoding them just to count is waste).
    int padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
    return data.length() / 4L * 3 - padding;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    return JsonObjectWriter.create()
        .put("result_id", resultId)
        .put("chunk_seq", chunkSeq)
        .put("data", data)
        .put("encoding", encoding.wire())
        .put("more", more)
        .node();
  }
}
