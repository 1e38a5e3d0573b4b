package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetAmountTest {

  @Test
  void parsesCurrencyAndDecimalKeepingTheWrittenScale() {
    assertThat(BudgetAmount.parse("USD:5.00"))
        .isEqualTo(new BudgetAmount("USD", new BigDecimal("5.00")));
  }

  @Test
  void parsesWholeNumbersOfCredits() {
    assertThat(BudgetAmount.parse("credits:1000").value()).isEqualTo(new BigDecimal("1000"));
  }

  @Test
  void acceptsRuntimeDefinedCurrencies() {
    assertThat(BudgetAmount.parse("gpu_hours-v2:0.5").currency()).isEqualTo("gpu_hours-v2");
  }

  @Test
  void acceptsThirtyEightDigits() {
    String digits = "1".repeat(20) + "." + "2".repeat(18);

    assertThat(BudgetAmount.parse("USD:" + digits).value()).isEqualTo(new BigDecimal(digits));
  }

  @Test
  void malformedAmountIsAnInvalidRequestNamingIt() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> BudgetAmount.parse("USD:-1"))
        .withMessage(
            "invalid cost.budget amount 'USD:-1': expected <currency>:<decimal> with at most 38"
                + " digits, such as USD:5.00")
        .satisfies(violation -> assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "USD:-1",
        "USD:+1",
        "USD:1e3",
        "USD:1E3",
        "USD: 1",
        "USD:1 ",
        "USD:",
        "USD:1.",
        "USD:.5",
        "USD:1.2.3",
        "USD:1,5",
        "USD:NaN",
        ":5",
        "5.00",
        "USD5",
        "1USD:5",
        "US D:5",
        "USD:١"
      })
  void rejectsAnythingButCurrencyColonPlainDecimal(String wire) {
    assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> BudgetAmount.parse(wire));
  }

  @Test
  void rejectsMoreThanThirtyEightDigits() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> BudgetAmount.parse("USD:" + "9".repeat(39)));
  }

  @Test
  void rejectsCurrenciesLongerThanThirtyTwoCharacters() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> BudgetAmount.parse("C" + "x".repeat(32) + ":1"));
  }

  @Test
  void writesCurrencyColonPlainDecimal() {
    assertThat(new BudgetAmount("USD", new BigDecimal("1E+3")).toWire()).isEqualTo("USD:1000");
  }

  @Test
  void cannotBeNegative() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BudgetAmount("USD", new BigDecimal("-0.01")));
  }
}
