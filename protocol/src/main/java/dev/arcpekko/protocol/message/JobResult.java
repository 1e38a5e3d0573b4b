package dev.arcpekko.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code job.result} (spec 1.0 §7.3, 1.1 §8.4): successful termination, {@code final_status}
 * always {@code success}. The result is either inline ({@code result}) or a reference to streamed
 * chunks ({@code result_id}, {@code result_size}), never both.
 */
public record JobResult(
    Optional<JsonNode> result,
    Optional<String> resultId,
    OptionalLong resultSize,
    Optional<String> summary)
    implements Message {

  public static final String FINAL_STATUS = "success";

  public JobResult {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(resultId, "resultId");
    Objects.requireNonNull(resultSize, "resultSize");
    Objects.requireNonNull(summary, "summary");
    if (result.isPresent() && resultId.isPresent()) {
      throw new IllegalArgumentException("an inline result and a result_id are mutually exclusive");
    }
    if (resultSize.isPresent() && resultId.isEmpty()) {
      throw new IllegalArgumentException("result_size describes a streamed result and needs result_id");
    }
  }

  /** An inline result. */
  public static JobResult inline(JsonNode result, Optional<String> summary) {
    return new JobResult(Optional.of(result), Optional.empty(), OptionalLong.empty(), summary);
  }

  /** The end of a streamed result. */
  public static JobResult streamed(String resultId, long resultSize, Optional<String> summary) {
    return new JobResult(Optional.empty(), Optional.of(resultId), OptionalLong.of(resultSize), summary);
  }

  static JobResult read(JsonObjectReader in) {
    String finalStatus = in.requireString("final_status");
    if (!FINAL_STATUS.equals(finalStatus)) {
      throw ProtocolViolation.invalid(in.pathOf("final_status") + ": job.result requires 'success', got '"
          + JsonObjectReader.clip(finalStatus) + "'");
    }
    Optional<JsonNode> result = in.optionalAny("result");
    Optional<String> resultId = in.optionalNonEmptyString("result_id");
    if (result.isPresent() && resultId.isPresent()) {
      throw ProtocolViolation.invalid(in.path() + ": result and result_id are mutually exclusive");
    }
    OptionalLong resultSize = in.optionalLong("result_size", 0);
    if (resultSize.isPresent() && resultId.isEmpty()) {
      throw ProtocolViolation.invalid(in.pathOf("result_size") + ": only allowed with result_id");
    }
    return new JobResult(result, resultId, resultSize, in.optionalString("summary"));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_RESULT.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("final_status", FINAL_STATUS)
        .putJson("result", result)
        .putString("result_id", resultId)
        .putLong("result_size", resultSize)
        .putString("summary", summary);
  }
}
