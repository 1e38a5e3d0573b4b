package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code cost.budget} pattern (spec 1.1 §9.6): {@code currency ":" decimal}, such as {@code
 * USD:5.00} or {@code credits:1000}. The value keeps the scale it was written with.
 */
public record BudgetAmount(String currency, BigDecimal value) {
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final int MAX_DIGITS = 38;

  public BudgetAmount {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(value, "value");
    if (!CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException("not a currency: '" + currency + "'");
    }
    if (value.signum() < 0) {
      throw new IllegalArgumentException("a budget amount cannot be negative: " + value);
    }
    // A negative scale has no plain decimal spelling that parses back to it.
    if (value.scale() < 0) {
      value = value.setScale(0);
    }
  }

  /** Parses a {@code cost.budget} pattern; anything else is an INVALID_REQUEST naming it. */
  public static BudgetAmount parse(String wire) {
    Objects.requireNonNull(wire, "wire");
    int colon = wire.indexOf(':');
    String currency = colon < 0 ? "" : wire.substring(0, colon);
    String decimal = colon < 0 ? "" : wire.substring(colon + 1);
    if (!CURRENCY.matcher(currency).matches()
        || !DECIMAL.matcher(decimal).matches()
        || decimal.length() - (decimal.indexOf('.') < 0 ? 0 : 1) > MAX_DIGITS) {
      throw ProtocolViolation.invalid(
          "invalid cost.budget amount '"
              + wire
              + "': expected <currency>:<decimal> with at most "
              + MAX_DIGITS
              + " digits, such as USD:5.00");
    }
    return new BudgetAmount(currency, new BigDecimal(decimal));
  }

  /** The {@code currency:decimal} spelling, which {@link #parse} reads back to an equal amount. */
  public String toWire() {
    return currency + ":" + value.toPlainString();
  }
}
