package dev.arcpekko.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the top-level {@code id}, {@code type}, {@code session_id} and {@code job_id} of a frame
 * that could not be decoded as a whole (invalid JSON further on, limits exceeded, too large), so
 * that the rejection can still be addressed to the request: the Java SDK matches rejections to
 * requests by envelope id only. Streams at most a bounded prefix and stops at the first defect; a
 * field that occurs twice is not trusted.
 */
final class EnvelopeSalvage {
  static final int MAX_SCANNED_CHARS = 64 * 1024;
  private static final Set<String> FIELDS = Set.of("id", "type", "session_id", "job_id");

  private final Map<String, String> found = new HashMap<>();
  private final Set<String> repeated = new HashSet<>();

  private EnvelopeSalvage() {}

  /** Scans the first {@link #MAX_SCANNED_CHARS} characters of {@code frame}. */
  static EnvelopeSalvage scan(JsonFactory factory, String frame) {
    EnvelopeSalvage salvage = new EnvelopeSalvage();
    String prefix = frame.length() <= MAX_SCANNED_CHARS ? frame : frame.substring(0, MAX_SCANNED_CHARS);
    try (JsonParser parser = factory.createParser(prefix)) {
      salvage.read(parser);
    } catch (IOException | RuntimeException e) {
      // The frame is defective by definition; keep whatever was read before the defect.
    }
    return salvage;
  }

  private void read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return;
    }
    for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING && FIELDS.contains(name)) {
        remember(name, parser.getText());
      } else if (FIELDS.contains(name)) {
        repeated.add(name);
      }
      parser.skipChildren();
    }
  }

  private void remember(String name, String value) {
    if (found.putIfAbsent(name, value) != null) {
      repeated.add(name);
    }
  }

  Optional<String> get(String field) {
    String value = found.get(field);
    return value == null || value.isEmpty() || repeated.contains(field) ? Optional.empty() : Optional.of(value);
  }
}
