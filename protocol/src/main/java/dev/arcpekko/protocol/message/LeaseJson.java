package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes leases, lease constraints and budget counters inside message payloads. */
public final class LeaseJson {
  private LeaseJson() {}

  /** A lease object ({@code {capability: [pattern, …]}}), validated by the lease grammar. */
  public static Optional<Lease> read(JsonObjectReader in, String field) {
    Optional<Map<String, List<String>>> raw = in.optionalMap(field, JsonObjectReader::stringArray);
    try {
      return raw.map(Lease::parse);
    } catch (ProtocolViolation e) {
      throw e.at(in.pathOf(field));
    }
  }

  public static Lease readRequired(JsonObjectReader in, String field) {
    return read(in, field).orElseThrow(() ->
        ProtocolViolation.invalid(in.pathOf(field) + ": required field is missing"));
  }

  /** {@code lease_constraints}; unknown keys (such as the Java SDK's {@code expiresAt}) are ignored. */
  public static Optional<LeaseConstraints> readConstraints(JsonObjectReader in, String field) {
    return in.optionalObject(field).map(constraints -> {
      Optional<String> expiresAt = constraints.optionalString("expires_at");
      try {
        return new LeaseConstraints(expiresAt.map(LeaseConstraints::parseExpiresAt));
      } catch (ProtocolViolation e) {
        throw e.at(constraints.pathOf("expires_at"));
      }
    });
  }

  /** Budget counters {@code {CURRENCY: amount}}. */
  public static Map<String, BigDecimal> readBudget(JsonObjectReader in, String field) {
    return in.optionalMap(field, (node, path) -> {
      if (!node.isNumber()) {
        throw ProtocolViolation.invalid(path + ": expected a number, got " + JsonObjectReader.describe(node));
      }
      return node.decimalValue();
    }).orElse(Map.of());
  }

  public static void write(JsonObjectWriter out, String field, Lease lease) {
    out.putStringLists(field, lease.asMap());
  }

  public static void writeConstraints(JsonObjectWriter out, String field, Optional<LeaseConstraints> constraints) {
    constraints.ifPresent(c -> out.put(field,
        JsonObjectWriter.create().putInstant("expires_at", c.expiresAt())));
  }

  public static void writeBudget(JsonObjectWriter out, String field, Map<String, BigDecimal> budget) {
    if (!budget.isEmpty()) {
      out.putDecimals(field, budget);
    }
  }
}
