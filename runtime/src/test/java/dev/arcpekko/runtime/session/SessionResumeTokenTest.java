package dev.arcpekko.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.ids.Ids;
import org.junit.jupiter.api.Test;

class SessionResumeTokenTest {

  @Test
  void aTokenNamesItsSessionAndCarries256RandomBits() {
    String sessionId = Ids.session();
    String token = SessionResumeToken.mint(sessionId);
    assertThat(token).startsWith("rt_").matches("rt_[0-9A-Z]{26}_[0-9a-f]{64}");
    assertThat(SessionResumeToken.sessionOf(token)).contains(sessionId);
    assertThat(SessionResumeToken.mint(sessionId)).isNotEqualTo(token);
  }

  @Test
  void malformedTokensNameNoSession() {
    assertThat(SessionResumeToken.sessionOf("rt_" + "a".repeat(64))).isEmpty();
    assertThat(SessionResumeToken.sessionOf("")).isEmpty();
    assertThat(SessionResumeToken.sessionOf("rt_01M87ZMPE2ZT4DT77B7XFNP0D5_xyz")).isEmpty();
  }

  @Test
  void onlyTheExactTokenMatchesItsHash() {
    String token = SessionResumeToken.mint(Ids.session());
    String hash = SessionResumeToken.hash(token);
    assertThat(hash).doesNotContain(token.substring(30));
    assertThat(SessionResumeToken.matches(hash, token)).isTrue();
    assertThat(SessionResumeToken.matches(hash, token + "0")).isFalse();
    assertThat(SessionResumeToken.matches(hash, token.substring(0, token.length() - 1) + "x")).isFalse();
  }
}
