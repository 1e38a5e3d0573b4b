package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code progress} event (spec 1.1 §8.2.1): {@code {current, total?, units?, message?}} with
 * {@code current ≥ 0} and, when a total is given, {@code current ≤ total}.
 */
public record ProgressBody(
    BigDecimal current, Optional<BigDecimal> total, Optional<String> units, Optional<String> message)
    implements EventBody {
  public static final String KIND = "progress";

  public ProgressBody {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(message, "message");
    violation(current, total).ifPresent(reason -> {
      throw new IllegalArgumentException(reason);
    });
  }

  static ProgressBody read(JsonObjectReader in) {
    BigDecimal current = in.requireNumber("current");
    Optional<BigDecimal> total = in.optionalNumber("total");
    violation(current, total).ifPresent(reason -> {
      throw ProtocolViolation.invalid(in.path() + ": " + reason);
    });
    return new ProgressBody(current, total, in.optionalString("units"), in.optionalString("message"));
  }

  private static Optional<String> violation(BigDecimal current, Optional<BigDecimal> total) {
    if (current.signum() < 0) {
      return Optional.of("current must be non-negative, got " + current.toPlainString());
    }
    if (total.isPresent() && total.get().signum() < 0) {
      return Optional.of("total must be non-negative, got " + total.get().toPlainString());
    }
    if (total.isPresent() && current.compareTo(total.get()) > 0) {
      return Optional.of("current (" + current.toPlainString() + ") exceeds total ("
          + total.get().toPlainString() + ")");
    }
    return Optional.empty();
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    return JsonObjectWriter.create()
        .put("current", current)
        .putDecimal("total", total)
        .putString("units", units)
        .putString("message", message)
        .node();
  }
}
