package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetTest {

  private static Budget budget(String... amounts) {
    return Budget.of(Arrays.stream(amounts).map(BudgetAmount::parse).toList());
  }

  @Test
  void startsWithEachCurrencysBudgetedAmount() {
    Budget budget = budget("USD:5.00", "credits:1000");

    assertThat(budget.remaining("USD")).contains(new BigDecimal("5.00"));
  }

  @Test
  void addsUpAmountsInTheSameCurrency() {
    assertThat(budget("USD:5.00", "USD:1.5").remaining("USD")).contains(new BigDecimal("6.50"));
  }

  @Test
  void hasNothingRemainingInAnUnbudgetedCurrency() {
    assertThat(budget("USD:5").remaining("EUR")).isEmpty();
  }

  @Test
  void spendingIsExactWithoutFloatingPointDrift() {
    Budget budget = budget("USD:0.3");

    Budget spent = budget.minus("USD", new BigDecimal("0.1")).minus("USD", new BigDecimal("0.2"));

    assertThat(spent.remaining("USD")).contains(new BigDecimal("0.0"));
  }

  @Test
  void spendingOneCurrencyLeavesTheOthersAlone() {
    Budget spent = budget("USD:5.00", "credits:1000").minus("credits", new BigDecimal("999"));

    assertThat(spent.asMap())
        .containsExactly(
            Map.entry("USD", new BigDecimal("5.00")), Map.entry("credits", new BigDecimal("1")));
  }

  @Test
  void spendingDoesNotChangeTheOriginal() {
    Budget budget = budget("USD:5.00");

    budget.minus("USD", BigDecimal.ONE);

    assertThat(budget.remaining("USD")).contains(new BigDecimal("5.00"));
  }

  @Test
  void spendingAnUnbudgetedCurrencyChangesNothing() {
    Budget budget = budget("USD:5.00");

    assertThat(budget.minus("EUR", BigDecimal.TEN)).isEqualTo(budget);
  }

  @Test
  void negativeSpendIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> budget("USD:5").minus("USD", new BigDecimal("-1")));
  }

  @Test
  void isExhaustedWhenACounterReachesExactlyZeroWhateverTheScale() {
    Budget spent = budget("USD:5.00").minus("USD", new BigDecimal("5.0"));

    assertThat(spent.isExhausted()).isTrue();
  }

  @Test
  void isExhaustedWhenACounterGoesBelowZero() {
    assertThat(budget("USD:1").minus("USD", new BigDecimal("1.01")).isExhausted()).isTrue();
  }

  @Test
  void isNotExhaustedWhileEveryCounterIsPositive() {
    assertThat(budget("USD:1", "EUR:1").minus("USD", new BigDecimal("0.99")).isExhausted())
        .isFalse();
  }

  @Test
  void namesTheExhaustedCurrency() {
    Budget spent = budget("USD:5", "credits:10").minus("credits", BigDecimal.TEN);

    assertThat(spent.exhaustedCurrency()).contains("credits");
  }

  @Test
  void budgetWithoutCountersIsNeverExhausted() {
    assertThat(Budget.of(List.of()).isExhausted()).isFalse();
  }

  @Test
  void coversAChildAskingForTheSameAmountWrittenWithADifferentScale() {
    assertThat(budget("USD:5.00").covers(budget("USD:5.0"))).isTrue();
  }

  @Test
  void doesNotCoverAChildAskingForMore() {
    assertThat(budget("USD:2.00").covers(budget("USD:2.01"))).isFalse();
  }

  @Test
  void doesNotCoverAChildAskingForACurrencyItLacks() {
    Budget parent = budget("USD:5");
    Budget child = budget("USD:1", "EUR:1");

    assertThat(parent.uncoveredCurrency(child)).contains("EUR");
  }

  @Test
  void coversAChildAskingForFewerCurrencies() {
    assertThat(budget("USD:5", "EUR:5").covers(budget("EUR:5"))).isTrue();
  }

  @Test
  void keepsCurrenciesInTheOrderTheyWereFirstBudgeted() {
    assertThat(budget("credits:1", "USD:1", "credits:2").asMap().keySet())
        .containsExactly("credits", "USD");
  }

  @Test
  void itsMapCannotBeModified() {
    Budget budget = budget("USD:1");

    assertThat(budget.asMap()).isUnmodifiable();
  }
}
