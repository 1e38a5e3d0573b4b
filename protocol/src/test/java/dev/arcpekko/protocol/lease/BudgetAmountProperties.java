package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BudgetAmountProperties {

  @Property
  void parsingWhatWasWrittenGivesBackTheSameAmount(@ForAll("amounts") BudgetAmount amount) {
    assertThat(BudgetAmount.parse(amount.toWire())).isEqualTo(amount);
  }

  @Property
  void writingWhatWasParsedGivesBackTheSameText(@ForAll("wireAmounts") String wire) {
    assertThat(BudgetAmount.parse(wire).toWire()).isEqualTo(wire);
  }

  @Provide
  Arbitrary<BudgetAmount> amounts() {
    return Combinators.combine(
            currencies(),
            Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(30)),
            Arbitraries.integers().between(-3, 8))
        .as(
            (currency, unscaled, scale) ->
                new BudgetAmount(currency, new BigDecimal(unscaled, scale)));
  }

  /** Decimals as written by hand: no superfluous leading zeros, any number of decimal places. */
  @Provide
  Arbitrary<String> wireAmounts() {
    Arbitrary<String> whole =
        Arbitraries.oneOf(
            Arbitraries.just("0"),
            Combinators.combine(
                    Arbitraries.strings().withChars("123456789").ofLength(1),
                    Arbitraries.strings().numeric().ofMaxLength(15))
                .as(String::concat));
    Arbitrary<String> fraction =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12).map("."::concat));
    return Combinators.combine(currencies(), whole, fraction)
        .as((currency, digits, decimals) -> currency + ":" + digits + decimals);
  }

  private static Arbitrary<String> currencies() {
    return Combinators.combine(
            Arbitraries.strings().alpha().ofLength(1),
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("0123456789_-ABC")
                .ofMaxLength(31))
        .as(String::concat);
  }
}
