package dev.arcpekko.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.math.BigDecimal;
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
        .putJson("constraints", constraints.map(Credential::withClientAliases));
  }

  /**
   * {@code constraints} as the spec writes them ({@code cost.budget}, {@code model.use},
   * {@code expires_at}; the Java client reads these) plus the names the TypeScript client reads
   * instead: {@code allowed_models} for {@code model.use} and, for a single-currency budget,
   * {@code max_spend {currency, amount}} (never negative). Each client ignores the other's keys.
   */
  private static ObjectNode withClientAliases(ObjectNode constraints) {
    ObjectNode written = constraints.deepCopy();
    JsonNode models = constraints.path("model.use");
    if (models.isArray() && !written.has("allowed_models")) {
      written.set("allowed_models", models.deepCopy());
    }
    JsonNode budget = constraints.path("cost.budget");
    String amount = budget.isArray() && budget.size() == 1 ? budget.get(0).asText() : "";
    int colon = amount.indexOf(':');
    if (colon > 0 && !written.has("max_spend")) {
      try {
        written.putObject("max_spend").put("currency", amount.substring(0, colon))
            .put("amount", new BigDecimal(amount.substring(colon + 1)).max(BigDecimal.ZERO));
      } catch (NumberFormatException notAnAmount) {
        // Opaque to the protocol: what the provisioner wrote stays as it is.
        written.remove("max_spend");
      }
    }
    return written;
  }

  @Override
  public String toString() {
    return "Credential[id=" + id + ", scheme=" + scheme + ", value=<redacted>, endpoint=" + endpoint
        + ", profile=" + profile + "]";
  }
}
