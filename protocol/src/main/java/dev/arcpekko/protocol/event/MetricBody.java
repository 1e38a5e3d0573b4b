package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code metric} event: {@code {name, value, unit?, dimensions?}}. The value is an exact decimal
 * because {@code cost.*} metrics decrement budgets. Dimensions are read from {@code dimensions}
 * (spec) or {@code dims} (TypeScript SDK) and written as {@code dimensions}.
 */
public record MetricBody(String name, BigDecimal value, Optional<String> unit, Optional<ObjectNode> dimensions)
    implements EventBody {
  public static final String KIND = "metric";

  public MetricBody {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(dimensions, "dimensions");
  }

  public static MetricBody of(String name, BigDecimal value, String unit) {
    return new MetricBody(name, value, Optional.of(unit), Optional.empty());
  }

  static MetricBody read(JsonObjectReader in) {
    Optional<ObjectNode> dimensions = in.optionalObject("dimensions")
        .or(() -> in.optionalObject("dims"))
        .map(JsonObjectReader::node);
    return new MetricBody(
        in.requireNonEmptyString("name"), in.requireNumber("value"), in.optionalString("unit"), dimensions);
  }

  /** Whether this metric reports a cost (a name under {@code cost.}, not {@code cost.budget.}). */
  public boolean isCost() {
    return name.startsWith("cost.") && !name.startsWith("cost.budget.");
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    return JsonObjectWriter.create()
        .put("name", name)
        .put("value", value)
        .putString("unit", unit)
        .putJson("dimensions", dimensions)
        .node();
  }
}
