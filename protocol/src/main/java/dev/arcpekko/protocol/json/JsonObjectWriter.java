package dev.arcpekko.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds one outgoing JSON object field by field, leaving absent optional values out so that the
 * wire carries only what the protocol defines.
 */
public final class JsonObjectWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode node;

  private JsonObjectWriter(ObjectNode node) {
    this.node = node;
  }

  /** A writer over a fresh, empty object. */
  public static JsonObjectWriter create() {
    return new JsonObjectWriter(NODES.objectNode());
  }

  /** A writer that adds fields to {@code node}. */
  public static JsonObjectWriter into(ObjectNode node) {
    return new JsonObjectWriter(node);
  }

  public ObjectNode node() {
    return node;
  }

  public JsonObjectWriter put(String field, String value) {
    node.put(field, value);
    return this;
  }

  public JsonObjectWriter put(String field, long value) {
    node.put(field, value);
    return this;
  }

  public JsonObjectWriter put(String field, boolean value) {
    node.put(field, value);
    return this;
  }

  public JsonObjectWriter put(String field, BigDecimal value) {
    node.put(field, value);
    return this;
  }

  public JsonObjectWriter put(String field, Instant value) {
    node.put(field, value.toString());
    return this;
  }

  public JsonObjectWriter put(String field, JsonNode value) {
    node.set(field, value);
    return this;
  }

  public JsonObjectWriter put(String field, JsonObjectWriter value) {
    node.set(field, value.node);
    return this;
  }

  /** Writes the value, or JSON {@code null} when absent (for fields whose key must be present). */
  public JsonObjectWriter putOrNull(String field, Optional<String> value) {
    if (value.isPresent()) {
      node.put(field, value.get());
    } else {
      node.putNull(field);
    }
    return this;
  }

  public JsonObjectWriter putString(String field, Optional<String> value) {
    value.ifPresent(v -> node.put(field, v));
    return this;
  }

  public JsonObjectWriter putLong(String field, OptionalLong value) {
    value.ifPresent(v -> node.put(field, v));
    return this;
  }

  public JsonObjectWriter putDecimal(String field, Optional<BigDecimal> value) {
    value.ifPresent(v -> node.put(field, v));
    return this;
  }

  public JsonObjectWriter putInstant(String field, Optional<Instant> value) {
    value.ifPresent(v -> put(field, v));
    return this;
  }

  public JsonObjectWriter putJson(String field, Optional<? extends JsonNode> value) {
    value.ifPresent(v -> node.set(field, v));
    return this;
  }

  public JsonObjectWriter putStrings(String field, Collection<String> values) {
    ArrayNode array = node.putArray(field);
    values.forEach(array::add);
    return this;
  }

  /** Writes a map of string lists as an object of arrays, preserving the map's order. */
  public JsonObjectWriter putStringLists(String field, Map<String, ? extends Collection<String>> values) {
    ObjectNode object = node.putObject(field);
    values.forEach((key, list) -> {
      ArrayNode array = object.putArray(key);
      list.forEach(array::add);
    });
    return this;
  }

  /** Writes a map of decimals as an object of numbers, preserving the map's order. */
  public JsonObjectWriter putDecimals(String field, Map<String, BigDecimal> values) {
    ObjectNode object = node.putObject(field);
    values.forEach(object::put);
    return this;
  }

  /** A fresh array node for callers that build arrays of objects. */
  public ArrayNode putArray(String field) {
    return node.putArray(field);
  }

  /** The node factory used for every outgoing tree (it keeps decimals exactly as given). */
  public static JsonNodeFactory nodes() {
    return NODES;
  }
}
