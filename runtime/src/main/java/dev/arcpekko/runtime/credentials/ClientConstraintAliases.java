package dev.arcpekko.runtime.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.message.Credential;
import java.math.BigDecimal;

/**
 * A credential's {@code constraints} as both official clients read them: the spec's lease-shaped
 * echo ({@code cost.budget}, {@code model.use}, {@code expires_at}; the Java client reads these)
 * plus the names the TypeScript client reads instead, {@code allowed_models} for
 * {@code model.use} and, for a single-currency budget, {@code max_spend {currency, amount}} (never
 * negative: that client's schema would drop the whole frame). Each client ignores the other's keys.
 */
public final class ClientConstraintAliases {

  private ClientConstraintAliases() {}

  /** {@code credential} with the aliases added to its constraints, if it has any. */
  public static Credential addedTo(Credential credential) {
    return new Credential(credential.id(), credential.scheme(), credential.value(), credential.endpoint(),
        credential.profile(), credential.constraints().map(ClientConstraintAliases::addedTo));
  }

  private static ObjectNode addedTo(ObjectNode constraints) {
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
        BigDecimal value = new BigDecimal(amount.substring(colon + 1)).max(BigDecimal.ZERO);
        written.putObject("max_spend").put("currency", amount.substring(0, colon)).put("amount", value);
      } catch (NumberFormatException notAnAmount) {
        // Opaque: what the provisioner wrote stays as it is, without a spend cap alias.
      }
    }
    return written;
  }
}
