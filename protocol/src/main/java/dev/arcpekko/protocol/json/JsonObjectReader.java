package dev.arcpekko.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Typed, path-aware access to the fields of one JSON object received from a peer. Every failure is
 * a {@link ProtocolViolation} naming the full field path (for example {@code payload.auth.token})
 * and what was wrong, so the peer learns exactly which part of its frame to fix.
 *
 * <p>JSON {@code null} is treated as an absent field: optional fields accept it, required fields
 * report it as missing. Unknown fields are never an error.
 */
public final class JsonObjectReader {
  private static final int MAX_DIGITS = 100;

  private final ObjectNode node;
  private final String path;

  private JsonObjectReader(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Reads {@code value}, which must be a JSON object, reporting failures under {@code path}. */
  public static JsonObjectReader of(JsonNode value, String path) {
    if (value == null || !value.isObject()) {
      throw ProtocolViolation.invalid(path + ": expected an object, got " + describe(value));
    }
    return new JsonObjectReader((ObjectNode) value, path);
  }

  /** The underlying object; callers must treat it as read-only. */
  public ObjectNode node() {
    return node;
  }

  /** The path of this object within the frame. */
  public String path() {
    return path;
  }

  /** The path of {@code field} within the frame. */
  public String pathOf(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public boolean has(String field) {
    return present(field) != null;
  }

  public String requireString(String field) {
    return optionalString(field).orElseThrow(() -> missing(field));
  }

  /** A required string that must not be empty. */
  public String requireNonEmptyString(String field) {
    String value = requireString(field);
    if (value.isEmpty()) {
      throw ProtocolViolation.invalid(pathOf(field) + ": must not be empty");
    }
    return value;
  }

  public Optional<String> optionalString(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    return Optional.of(value.textValue());
  }

  /** An optional string that, when present, must not be empty. */
  public Optional<String> optionalNonEmptyString(String field) {
    Optional<String> value = optionalString(field);
    if (value.isPresent() && value.get().isEmpty()) {
      throw ProtocolViolation.invalid(pathOf(field) + ": must not be empty");
    }
    return value;
  }

  public long requireLong(String field, long min) {
    OptionalLong value = optionalLong(field, min);
    if (value.isEmpty()) {
      throw missing(field);
    }
    return value.getAsLong();
  }

  /** An optional integer that must fit a signed 64-bit value and be at least {@code min}. */
  public OptionalLong optionalLong(String field, long min) {
    JsonNode value = present(field);
    if (value == null) {
      return OptionalLong.empty();
    }
    if (!value.isIntegralNumber() && !isWholeDecimal(value)) {
      throw wrongType(field, "an integer", value);
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw ProtocolViolation.invalid(
          pathOf(field) + ": integer out of range (must fit a signed 64-bit integer)");
    }
    long result = value.longValue();
    if (result < min) {
      throw ProtocolViolation.invalid(pathOf(field) + ": must be at least " + min + ", got " + result);
    }
    return OptionalLong.of(result);
  }

  public boolean requireBoolean(String field) {
    return optionalBoolean(field).orElseThrow(() -> missing(field));
  }

  public Optional<Boolean> optionalBoolean(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw wrongType(field, "a boolean", value);
    }
    return Optional.of(value.booleanValue());
  }

  public BigDecimal requireNumber(String field) {
    return optionalNumber(field).orElseThrow(() -> missing(field));
  }

  public Optional<BigDecimal> optionalNumber(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw wrongType(field, "a number", value);
    }
    BigDecimal number = value.decimalValue();
    // Exact arithmetic on a value like 1e999999999 would allocate without bound.
    if (number.precision() > MAX_DIGITS || Math.abs(number.scale()) > MAX_DIGITS) {
      throw ProtocolViolation.invalid(pathOf(field) + ": number outside the supported range (at most "
          + MAX_DIGITS + " digits and a decimal exponent within +/-" + MAX_DIGITS + ")");
    }
    return Optional.of(number);
  }

  public Instant requireInstant(String field) {
    return optionalInstant(field).orElseThrow(() -> missing(field));
  }

  /** An optional ISO-8601 timestamp with a zone offset; nanosecond precision is accepted. */
  public Optional<Instant> optionalInstant(String field) {
    return optionalString(field).map(text -> parseInstant(field, text));
  }

  public JsonObjectReader requireObject(String field) {
    return optionalObject(field).orElseThrow(() -> missing(field));
  }

  public Optional<JsonObjectReader> optionalObject(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw wrongType(field, "an object", value);
    }
    return Optional.of(new JsonObjectReader((ObjectNode) value, pathOf(field)));
  }

  /** Any JSON value except {@code null}, unchanged. */
  public JsonNode requireAny(String field) {
    return optionalAny(field).orElseThrow(() -> missing(field));
  }

  public Optional<JsonNode> optionalAny(String field) {
    return Optional.ofNullable(present(field));
  }

  public List<String> requireStringList(String field) {
    return optionalStringList(field).orElseThrow(() -> missing(field));
  }

  /** An optional array whose every element is a string. */
  public Optional<List<String>> optionalStringList(String field) {
    JsonNode value = present(field);
    return value == null ? Optional.empty() : Optional.of(stringArray(value, pathOf(field)));
  }

  /** {@code value}, which must be an array of strings, reported under {@code path}. */
  public static List<String> stringArray(JsonNode value, String path) {
    if (!value.isArray()) {
      throw ProtocolViolation.invalid(path + ": expected an array, got " + describe(value));
    }
    List<String> result = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (!element.isTextual()) {
        throw ProtocolViolation.invalid(
            path + "[" + i + "]: expected a string, got " + describe(element));
      }
      result.add(element.textValue());
    }
    return List.copyOf(result);
  }

  /** An optional array of objects, each decoded by {@code decoder}. */
  public <T> Optional<List<T>> optionalObjectList(
      String field, Function<JsonObjectReader, T> decoder) {
    return optionalList(field, (element, elementPath) -> decoder.apply(of(element, elementPath)));
  }

  /** An optional array decoded element by element; the decoder receives the element and its path. */
  public <T> Optional<List<T>> optionalList(
      String field, BiFunction<JsonNode, String, T> decoder) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      throw wrongType(field, "an array", value);
    }
    List<T> result = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      result.add(decoder.apply(value.get(i), pathOf(field) + "[" + i + "]"));
    }
    return Optional.of(List.copyOf(result));
  }

  /** An optional object whose every value is decoded by {@code decoder}, in document order. */
  public <T> Optional<Map<String, T>> optionalMap(
      String field, BiFunction<JsonNode, String, T> decoder) {
    return optionalObject(field).map(object -> object.entries(decoder));
  }

  /** Every field of this object decoded by {@code decoder}, in document order. */
  public <T> Map<String, T> entries(BiFunction<JsonNode, String, T> decoder) {
    Map<String, T> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getValue().isNull()) {
        continue;
      }
      result.put(entry.getKey(), decoder.apply(entry.getValue(), pathOf(entry.getKey())));
    }
    return Collections.unmodifiableMap(result);
  }

  /** Describes a JSON value's type for an error message, never its content. */
  public static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    JsonNodeType type = value.getNodeType();
    switch (type) {
      case ARRAY:
        return "an array";
      case OBJECT:
      case POJO:
        return "an object";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return type.name().toLowerCase(Locale.ROOT);
    }
  }

  private Instant parseInstant(String field, String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ProtocolViolation.invalid(
          pathOf(field) + ": expected an ISO-8601 timestamp with offset, got '" + clip(text) + "'");
    }
  }

  private JsonNode present(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private static boolean isWholeDecimal(JsonNode value) {
    return value.isBigDecimal() && value.decimalValue().stripTrailingZeros().scale() <= 0;
  }

  private ProtocolViolation missing(String field) {
    return ProtocolViolation.invalid(pathOf(field) + ": required field is missing");
  }

  private ProtocolViolation wrongType(String field, String expected, JsonNode actual) {
    return ProtocolViolation.invalid(
        pathOf(field) + ": expected " + expected + ", got " + describe(actual));
  }

  /** Shortens peer-supplied text quoted in an error message. */
  public static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
