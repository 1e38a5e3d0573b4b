package dev.arcpekko.runtime.job;

import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.event.MetricBody;
import dev.arcpekko.protocol.lease.Budget;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's {@code cost.budget} counters while its agent runs (spec 1.1 §9.6). A {@code metric}
 * whose name starts with {@code cost.} (but not {@code cost.budget.}) and whose unit is a budgeted
 * currency is spent at once, on the agent's thread, so that the agent's next
 * {@code authorize} sees it; the job entity journals the same spend ({@code BudgetSpent}). After a
 * material change the ledger reports {@code cost.budget.remaining}: on the first spend, on every
 * move of at least 5 % of the initial budget since the last report, and when a counter reaches
 * zero or below. A delegated child's budget is carved out of the counters the same way.
 */
final class BudgetLedger {
  static final String REMAINING_METRIC = "cost.budget.remaining";
  private static final BigDecimal MATERIAL = new BigDecimal("0.05");

  private final Budget initial;
  private Budget remaining;
  private final Map<String, BigDecimal> lastReported = new HashMap<>();

  /** A ledger for {@code initial} counters of which {@code spent} (per currency) is already spent. */
  BudgetLedger(Budget initial, Map<String, BigDecimal> spent) {
    this.initial = initial;
    this.remaining = remaining(initial, spent);
  }

  /** {@code initial} less what was {@code spent}, per currency (counters may go below zero). */
  static Budget remaining(Budget initial, Map<String, BigDecimal> spent) {
    Budget remaining = initial;
    for (Map.Entry<String, BigDecimal> spend : spent.entrySet()) {
      remaining = remaining.minus(spend.getKey(), spend.getValue());
    }
    return remaining;
  }

  /** The spend {@code body} makes against {@code budget}: its currency and amount, if it is one. */
  static Optional<Map.Entry<String, BigDecimal>> spendOf(EventBody body, Budget budget) {
    if (body instanceof MetricBody metric && metric.name().startsWith("cost.")
        && !metric.name().startsWith("cost.budget.") && metric.unit().isPresent()
        && budget.remaining(metric.unit().get()).isPresent()) {
      return Optional.of(Map.entry(metric.unit().get(), metric.value()));
    }
    return Optional.empty();
  }

  /**
   * Spends what {@code body} reports, if it is a budgeted cost; returns the
   * {@code cost.budget.remaining} metric to emit after it, if the change is material.
   *
   * @throws IllegalArgumentException for a negative cost (nothing is spent)
   */
  synchronized Optional<MetricBody> spend(EventBody body) {
    Optional<Map.Entry<String, BigDecimal>> spend = spendOf(body, remaining);
    if (spend.isEmpty()) {
      return Optional.empty();
    }
    if (spend.get().getValue().signum() < 0) {
      throw new IllegalArgumentException("a cost metric cannot be negative: " + spend.get().getValue());
    }
    return decrement(spend.get().getKey(), spend.get().getValue());
  }

  /**
   * Carves a delegated child's budget out of these counters (spec 1.1 §9.4); returns the
   * {@code cost.budget.remaining} metrics the material changes call for.
   */
  synchronized List<MetricBody> carve(Budget child) {
    List<MetricBody> reports = new ArrayList<>();
    child.asMap().forEach((currency, amount) -> decrement(currency, amount).ifPresent(reports::add));
    return reports;
  }

  /** The counters now. */
  synchronized Budget remaining() {
    return remaining;
  }

  private Optional<MetricBody> decrement(String currency, BigDecimal amount) {
    if (remaining.remaining(currency).isEmpty()) {
      return Optional.empty();
    }
    remaining = remaining.minus(currency, amount);
    BigDecimal now = remaining.remaining(currency).orElseThrow();
    BigDecimal last = lastReported.get(currency);
    BigDecimal step = initial.remaining(currency).orElse(BigDecimal.ZERO).abs().multiply(MATERIAL);
    boolean material = last == null || last.subtract(now).abs().compareTo(step) >= 0
        || (now.signum() <= 0 && last.signum() > 0);
    if (!material) {
      return Optional.empty();
    }
    lastReported.put(currency, now);
    return Optional.of(MetricBody.of(REMAINING_METRIC, now, currency));
  }

  /** The first currency whose counter is at or below zero, if any. */
  synchronized Optional<String> exhaustedCurrency() {
    return remaining.exhaustedCurrency();
  }

}
