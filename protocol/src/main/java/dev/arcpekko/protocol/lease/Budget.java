package dev.arcpekko.protocol.lease;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's cost counters (spec 1.1 §9.6), one per currency and independent of each other, in exact
 * decimal arithmetic. Immutable: spending yields a new budget. A counter may go below zero, since
 * cost is reported after it is incurred; the budget is exhausted once any counter is at or below
 * zero.
 */
public final class Budget {
  private final Map<String, BigDecimal> counters;

  private Budget(Map<String, BigDecimal> counters) {
    this.counters = Collections.unmodifiableMap(counters);
  }

  /** The counters a lease's {@code cost.budget} list starts with; repeated currencies add up. */
  public static Budget of(List<BudgetAmount> amounts) {
    Objects.requireNonNull(amounts, "amounts");
    Map<String, BigDecimal> counters = new LinkedHashMap<>();
    for (BudgetAmount amount : amounts) {
      counters.merge(amount.currency(), amount.value(), BigDecimal::add);
    }
    return new Budget(counters);
  }

  /** What is left in {@code currency}, or empty if this budget has no such counter. */
  public Optional<BigDecimal> remaining(String currency) {
    return Optional.ofNullable(counters.get(currency));
  }

  /**
   * This budget after spending {@code amount} of {@code currency}. Spending in a currency that is
   * not budgeted changes nothing: only the matching counter is decremented (spec 1.1 §9.6).
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public Budget minus(String currency, BigDecimal amount) {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("cannot spend a negative amount: " + amount);
    }
    if (!counters.containsKey(currency)) {
      return this;
    }
    Map<String, BigDecimal> spent = new LinkedHashMap<>(counters);
    spent.put(currency, counters.get(currency).subtract(amount));
    return new Budget(spent);
  }

  public boolean isExhausted() {
    return exhaustedCurrency().isPresent();
  }

  /** The first currency whose counter is at or below zero, if any. */
  public Optional<String> exhaustedCurrency() {
    return counters.entrySet().stream()
        .filter(counter -> counter.getValue().signum() <= 0)
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Whether {@code child} asks for no more than this budget has left, in every currency. */
  public boolean covers(Budget child) {
    return uncoveredCurrency(child).isEmpty();
  }

  /**
   * The first of {@code child}'s currencies that this budget lacks or has less of than the child
   * asks for; empty if this budget covers the child.
   */
  public Optional<String> uncoveredCurrency(Budget child) {
    return child.counters.entrySet().stream()
        .filter(
            asked -> {
              BigDecimal left = counters.get(asked.getKey());
              return left == null || asked.getValue().compareTo(left) > 0;
            })
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** The counters in the order the currencies were first budgeted; unmodifiable. */
  public Map<String, BigDecimal> asMap() {
    return counters;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Budget that && counters.equals(that.counters);
  }

  @Override
  public int hashCode() {
    return counters.hashCode();
  }

  @Override
  public String toString() {
    return "Budget" + counters;
  }
}
