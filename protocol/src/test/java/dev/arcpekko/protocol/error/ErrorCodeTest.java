package dev.arcpekko.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The error taxonomy of spec 1.0 §12 / 1.1 §12 and the rules on {@code retryable}. */
class ErrorCodeTest {

  @Test
  void theTaxonomyHasExactlyTheFifteenCanonicalCodes() {
    assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).containsExactlyInAnyOrder(
        "PERMISSION_DENIED", "LEASE_SUBSET_VIOLATION", "JOB_NOT_FOUND", "DUPLICATE_KEY",
        "AGENT_NOT_AVAILABLE", "AGENT_VERSION_NOT_AVAILABLE", "CANCELLED", "TIMEOUT",
        "RESUME_WINDOW_EXPIRED", "HEARTBEAT_LOST", "LEASE_EXPIRED", "BUDGET_EXHAUSTED",
        "INVALID_REQUEST", "UNAUTHENTICATED", "INTERNAL_ERROR");
  }

  @Test
  void onlyInternalErrorAndTimeoutAreRetryableByDefault() {
    assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::defaultRetryable))
        .containsExactlyInAnyOrder(ErrorCode.INTERNAL_ERROR, ErrorCode.TIMEOUT);
  }

  @Test
  void internalErrorIsAlwaysRetryable() {
    assertThatThrownBy(() -> new ErrorPayload(ErrorCode.INTERNAL_ERROR, "boom", false, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryable=true");
  }

  @ParameterizedTest
  @EnumSource(names = {"LEASE_EXPIRED", "BUDGET_EXHAUSTED"})
  void leaseExpiryAndBudgetExhaustionAreNeverRetryable(ErrorCode code) {
    assertThat(ErrorPayload.of(code, "stop").retryable()).isFalse();
    assertThatThrownBy(() -> new ErrorPayload(code, "stop", true, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyCodeHasAMeaningThatReplacesABlankMessage(ErrorCode code) {
    ErrorPayload error = ErrorPayload.of(code, "  ");

    assertThat(error.message()).isEqualTo(code.meaning()).isNotBlank();
    assertThat(ErrorCode.fromWire(code.name())).contains(code);
  }

  @Test
  void unknownWireCodesAreNotCanonical() {
    assertThat(ErrorCode.fromWire("NOT_A_CODE")).isEmpty();
    assertThat(ErrorCode.fromWire("permission_denied")).isEmpty();
  }

  @Test
  void aProtocolViolationNeedsAMessageAndCanBePrefixedWithAPath() {
    ProtocolViolation violation = ProtocolViolation.invalid("must be a string").at("payload.agent");

    assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(violation).hasMessage("payload.agent: must be a string");
    assertThat(violation.getStackTrace()).isEmpty();
    assertThatThrownBy(() -> ProtocolViolation.invalid(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
