package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BudgetArithmeticProperties {
  private static final List<String> CURRENCIES = List.of("USD", "EUR", "credits");

  @Property
  void spendingSubtractsExactlyFromTheMatchingCounterOnly(
      @ForAll("startingAmounts") List<BudgetAmount> start,
      @ForAll("spends") List<BudgetAmount> spends) {
    Budget budget = Budget.of(start);
    Map<String, BigDecimal> model = new LinkedHashMap<>();
    start.forEach(amount -> model.merge(amount.currency(), amount.value(), BigDecimal::add));

    for (BudgetAmount spend : spends) {
      budget = budget.minus(spend.currency(), spend.value());
      model.computeIfPresent(spend.currency(), (currency, left) -> left.subtract(spend.value()));
    }

    assertThat(budget.asMap()).containsExactlyEntriesOf(model);
  }

  @Property
  void isExhaustedExactlyWhenSomeCounterIsAtOrBelowZero(
      @ForAll("startingAmounts") List<BudgetAmount> start,
      @ForAll("spends") List<BudgetAmount> spends) {
    Budget budget = Budget.of(start);
    for (BudgetAmount spend : spends) {
      budget = budget.minus(spend.currency(), spend.value());
    }

    boolean someCounterSpent =
        budget.asMap().values().stream().anyMatch(left -> left.compareTo(BigDecimal.ZERO) <= 0);
    assertThat(budget.isExhausted()).isEqualTo(someCounterSpent);
  }

  @Provide
  Arbitrary<List<BudgetAmount>> startingAmounts() {
    return amounts(Arbitraries.longs().between(0, 2_000_000)).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<BudgetAmount>> spends() {
    return amounts(Arbitraries.longs().between(0, 50_000)).list().ofMaxSize(30);
  }

  /** Amounts with between zero and six decimal places, the kind floating point gets wrong. */
  private static Arbitrary<BudgetAmount> amounts(Arbitrary<Long> unscaled) {
    return Combinators.combine(
            Arbitraries.of(CURRENCIES), unscaled, Arbitraries.integers().between(0, 6))
        .as(
            (currency, digits, scale) ->
                new BudgetAmount(currency, BigDecimal.valueOf(digits, scale)));
  }
}
