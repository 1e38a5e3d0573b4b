package dev.arcpekko.protocol.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Identifier formats: prefixed monotonic ULIDs, resume tokens and W3C trace ids. */
class IdsTest {

  @Test
  void identifiersCarryTheirPrefixAndAUlid() {
    assertThat(Ids.message()).startsWith("msg_").satisfies(id -> assertThat(Ulid.isValid(id.substring(4))).isTrue());
    assertThat(Ids.session()).startsWith("sess_").hasSize(31);
    assertThat(Ids.job()).startsWith("job_").hasSize(30);
    assertThat(Ids.delegate()).startsWith("del_").hasSize(30);
    assertThat(Ids.result()).startsWith("res_").hasSize(30);
    assertThat(Ids.credential()).startsWith("cred_").hasSize(31);
    assertThat(Ids.toolCall()).startsWith("call_").hasSize(31);
  }

  @Test
  void ulidsFromOneGeneratorAreStrictlyIncreasingEvenWithinAMillisecond() {
    Ulid ulid = new Ulid();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      ids.add(ulid.next());
    }

    assertThat(ids).isSorted().doesNotHaveDuplicates().allSatisfy(id -> assertThat(Ulid.isValid(id)).isTrue());
  }

  @Test
  void ulidValidationRejectsWrongLengthAlphabetAndOverflow() {
    assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAV")).isTrue();
    assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FA")).isFalse();
    assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAI")).isFalse();
    assertThat(Ulid.isValid("81ARZ3NDEKTSV4RRFFQ69G5FAV")).isFalse();
  }

  @Test
  void resumeTokensCarry256RandomBitsAsHex() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      tokens.add(ResumeToken.mint());
    }

    assertThat(tokens).hasSize(1000).allSatisfy(token -> assertThat(token).matches("rt_[0-9a-f]{64}"));
  }

  @Test
  void resumeTokensCompareExactly() {
    String token = ResumeToken.mint();

    assertThat(ResumeToken.matches(token, token)).isTrue();
    assertThat(ResumeToken.matches(token, token.substring(0, 66) + "x")).isFalse();
    assertThat(ResumeToken.matches(token, "")).isFalse();
  }

  @Test
  void mintedTraceIdsAreValidW3cTraceIds() {
    for (int i = 0; i < 1000; i++) {
      assertThat(TraceId.isValid(TraceId.mint())).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"4BF92F3577B34DA6A3CE929D0E0E4736", "4bf92f3577b34da6a3ce929d0e0e473",
      "4bf92f3577b34da6a3ce929d0e0e47366", "4bf92f...", "00000000000000000000000000000000",
      "4bf92f3577b34da6a3ce929d0e0e473g", ""})
  void malformedTraceIdsAreRejectedWithTheFieldName(String text) {
    assertThat(TraceId.isValid(text)).isFalse();
    assertThatThrownBy(() -> TraceId.require("trace_id", text))
        .isInstanceOf(ProtocolViolation.class)
        .hasMessageStartingWith("trace_id: must be a W3C trace-id");
  }
}
