package dev.arcpekko.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent reference grammar of spec 1.1 §7.5: {@code name} or {@code name@version}. */
class AgentRefTest {

  @Test
  void aBareNameHasNoVersion() {
    assertThat(AgentRef.parse("code-refactor")).isEqualTo(new AgentRef("code-refactor", Optional.empty()));
  }

  @Test
  void aPinnedReferenceSplitsAtTheAtSign() {
    AgentRef ref = AgentRef.parse("code-refactor@2.0.0+build_7-rc.1");

    assertThat(ref.name()).isEqualTo("code-refactor");
    assertThat(ref.version()).contains("2.0.0+build_7-rc.1");
    assertThat(ref.wire()).isEqualTo("code-refactor@2.0.0+build_7-rc.1");
  }

  @Test
  void resolvingAVersionPinsTheReference() {
    assertThat(AgentRef.parse("echo").withVersion("1.0.0").wire()).isEqualTo("echo@1.0.0");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Code-Refactor|name must match",
      "-lead|name must match",
      "''|name must match",
      "a b|name must match",
      "echo@|version after '@' must match",
      "echo@1.0@2|version after '@' must match",
      "echo@1 0|version after '@' must match",
      "@1.0|name must match"})
  void malformedReferencesAreInvalidRequestsThatSayWhichPartIsWrong(String text, String reason) {
    assertThatThrownBy(() -> AgentRef.parse(text))
        .isInstanceOfSatisfying(ProtocolViolation.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "a.b_c-d", "report-builder@0.9.0", "x@V1"})
  void wellFormedReferencesRoundTrip(String text) {
    assertThat(AgentRef.parse(text).wire()).isEqualTo(text);
  }

  @Test
  void overlongReferencesAreRefused() {
    assertThatThrownBy(() -> AgentRef.parse("a".repeat(300))).hasMessageContaining("longer than 256");
  }
}
