package dev.arcpekko.protocol;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Compares JSON trees the way the protocol does rather than character by character, so that a
 * re-serialised frame can be checked against the text it came from. Two trees are equivalent when:
 * the root {@code arcp} values are equal once {@code "1"} and {@code "1.0"} read as {@code "1.1"};
 * numbers are equal by {@link java.math.BigDecimal#compareTo}; strings are equal, or both are
 * ISO-8601 timestamps with offsets denoting the same instant; objects have the same keys (a key
 * that is JSON {@code null} on one side may be absent on the other) with equivalent values; arrays
 * are equivalent element by element.
 */
final class JsonEquivalence {
  private static final int SHOWN_CHARS = 80;

  private JsonEquivalence() {}

  /** Fails, naming the path of the first difference, unless the two trees are equivalent. */
  static void assertEquivalent(JsonNode expected, JsonNode actual) {
    firstDifference(expected, actual).ifPresent(difference -> fail(
        "JSON not equivalent at " + difference + "\nexpected: " + clip(expected) + "\nactual:   "
            + clip(actual)));
  }

  /** The path of the first difference and what differs there, or empty when equivalent. */
  static Optional<String> firstDifference(JsonNode expected, JsonNode actual) {
    return difference("$", expected, actual);
  }

  private static Optional<String> difference(String path, JsonNode expected, JsonNode actual) {
    if (expected.isObject() && actual.isObject()) {
      return objectDifference(path, expected, actual);
    }
    if (expected.isArray() && actual.isArray()) {
      return arrayDifference(path, expected, actual);
    }
    boolean equivalent;
    if (expected.isNumber() && actual.isNumber()) {
      equivalent = expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    } else if (expected.isTextual() && actual.isTextual()) {
      equivalent = path.equals("$.arcp")
          ? version(expected.textValue()).equals(version(actual.textValue()))
          : sameText(expected.textValue(), actual.textValue());
    } else {
      equivalent = expected.equals(actual);
    }
    return equivalent ? Optional.empty() : Optional.of(path + ": expected " + clip(expected)
        + ", got " + clip(actual));
  }

  private static Optional<String> objectDifference(String path, JsonNode expected, JsonNode actual) {
    for (Iterator<String> keys = expected.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      JsonNode expectedValue = expected.get(key);
      JsonNode actualValue = actual.get(key);
      if (actualValue == null) {
        if (!expectedValue.isNull()) {
          return Optional.of(path + "." + key + ": missing (expected " + clip(expectedValue) + ")");
        }
        continue;
      }
      Optional<String> difference = difference(path + "." + key, expectedValue, actualValue);
      if (difference.isPresent()) {
        return difference;
      }
    }
    for (Iterator<String> keys = actual.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!expected.has(key) && !actual.get(key).isNull()) {
        return Optional.of(path + "." + key + ": unexpected (got " + clip(actual.get(key)) + ")");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> arrayDifference(String path, JsonNode expected, JsonNode actual) {
    if (expected.size() != actual.size()) {
      return Optional.of(path + ": expected " + expected.size() + " elements, got " + actual.size());
    }
    for (int i = 0; i < expected.size(); i++) {
      Optional<String> difference = difference(path + "[" + i + "]", expected.get(i), actual.get(i));
      if (difference.isPresent()) {
        return difference;
      }
    }
    return Optional.empty();
  }

  private static String version(String arcp) {
    return arcp.equals("1") || arcp.equals("1.0") ? "1.1" : arcp;
  }

  private static boolean sameText(String expected, String actual) {
    if (expected.equals(actual)) {
      return true;
    }
    try {
      return OffsetDateTime.parse(expected).toInstant().equals(OffsetDateTime.parse(actual).toInstant());
    } catch (DateTimeParseException notTimestamps) {
      return false;
    }
  }

  private static String clip(JsonNode node) {
    String text = node.toString();
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
  }
}
