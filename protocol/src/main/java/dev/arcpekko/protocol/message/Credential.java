package dev.arcpekko.protocol.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * A provisioned credential (spec 1.1 §9.8.1). Its {@code value} is a secret: shown only to the
 * job's submitter, and {@link #toString()} never reveals it.
 */
public record Credential(
    String id,
    String scheme,
    String value,
    String endpoint,
    Optional<String> profile,
    Optional<ObjectNode> constraints) {

  public Credential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(constraints, "constraints");
  }

  static Credential read(JsonObjectReader in) {
    return new Credential(
        in.requireNonEmptyString("id"),
        in.requireNonEmptyString("scheme"),
        in.requireNonEmptyString("value"),
        in.requireNonEmptyString("endpoint"),
        in.optionalString("profile"),
        in.optionalObject("constraints").map(JsonObjectReader::node));
  }

  JsonObjectWriter write() {
    return JsonObjectWriter.create()
        .put("id", id)
        .put("scheme", scheme)
        .put("value", value)
        .put("endpoint", endpoint)
        .putString("profile", profile)
        .putJson("constraints", constraints);
  }

  @Override
  public String toString() {
    return "Credential[id=" + id + ", scheme=" + scheme + ", value=<redacted>, endpoint=" + endpoint
        + ", profile=" + profile + "]";
  }
}
