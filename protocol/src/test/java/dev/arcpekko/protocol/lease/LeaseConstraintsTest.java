package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseConstraintsTest {
  private static final Instant NOON = Instant.parse("2026-05-13T12:00:00Z");

  private static LeaseConstraints expiringAt(Instant instant) {
    return new LeaseConstraints(Optional.of(instant));
  }

  @Test
  void parsesUtcTimestampWithZSuffix() {
    assertThat(LeaseConstraints.parseExpiresAt("2026-05-13T23:42:00Z"))
        .isEqualTo(Instant.ofEpochSecond(1_778_715_720L));
  }

  @Test
  void parsesFractionalSecondsDownToNanoseconds() {
    assertThat(LeaseConstraints.parseExpiresAt("2026-05-13T23:42:00.123456789Z").getNano())
        .isEqualTo(123_456_789);
  }

  @Test
  void offsetInsteadOfZIsAnInvalidRequestQuotingTheValue() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> LeaseConstraints.parseExpiresAt("2026-05-13T23:42:00+00:00"))
        .withMessage(
            "expires_at must be an ISO-8601 UTC timestamp ending in 'Z':"
                + " '2026-05-13T23:42:00+00:00'")
        .satisfies(violation -> assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-05-13T23:42:00z",
        "2026-05-13T23:42:00",
        "2026-05-13T23:42:00-05:00",
        "2026-05-13",
        "2026-13-13T23:42:00Z",
        "2026-05-13 23:42:00Z",
        "1778715720",
        "Z",
        ""
      })
  void rejectsAnythingButAnIsoUtcTimestampEndingInZ(String text) {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> LeaseConstraints.parseExpiresAt(text));
  }

  @Test
  void isNotExpiredBeforeItsExpiry() {
    assertThat(expiringAt(NOON).isExpiredAt(NOON.minusNanos(1))).isFalse();
  }

  @Test
  void isExpiredAtExactlyItsExpiry() {
    assertThat(expiringAt(NOON).isExpiredAt(NOON)).isTrue();
  }

  @Test
  void isExpiredAfterItsExpiry() {
    assertThat(expiringAt(NOON).isExpiredAt(NOON.plusSeconds(1))).isTrue();
  }

  @Test
  void withoutExpiryNeverExpires() {
    assertThat(LeaseConstraints.none().isExpiredAt(Instant.MAX)).isFalse();
  }

  @Test
  void expiryInThePastIsRefusedAtSubmission() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> expiringAt(NOON).requireFuture(NOON.plusSeconds(60)))
        .withMessage(
            "expires_at must be in the future: '2026-05-13T12:00:00Z' is not after"
                + " 2026-05-13T12:01:00Z");
  }

  @Test
  void expiryAtTheMomentOfSubmissionIsRefused() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> expiringAt(NOON).requireFuture(NOON));
  }

  @Test
  void expiryInTheFutureIsAcceptedAtSubmission() {
    assertThatCode(() -> expiringAt(NOON).requireFuture(NOON.minusSeconds(1)))
        .doesNotThrowAnyException();
  }

  @Test
  void childExpiringAfterItsParentIsASubsetViolation() {
    LeaseConstraints parent = expiringAt(NOON);

    assertThat(expiringAt(NOON.plusSeconds(1)).subsetViolation(parent))
        .contains(
            "lease_constraints.expires_at '2026-05-13T12:00:01Z' is later than the parent's"
                + " '2026-05-13T12:00:00Z'");
  }

  @Test
  void childExpiringWithOrBeforeItsParentIsASubset() {
    LeaseConstraints parent = expiringAt(NOON);

    assertThat(expiringAt(NOON).subsetViolation(parent)).isEmpty();
  }

  @Test
  void childWithoutExpiryIsASubsetOfAnExpiringParent() {
    assertThat(LeaseConstraints.none().subsetViolation(expiringAt(NOON))).isEmpty();
  }

  @Test
  void anyChildExpiryIsASubsetOfAParentThatNeverExpires() {
    assertThat(expiringAt(Instant.MAX).subsetViolation(LeaseConstraints.none())).isEmpty();
  }

  @Test
  void childWithoutExpiryInheritsItsParentsExpiry() {
    assertThat(expiringAt(NOON).narrowedBy(LeaseConstraints.none())).isEqualTo(expiringAt(NOON));
  }

  @Test
  void childExpiringEarlierKeepsItsOwnExpiry() {
    LeaseConstraints child = expiringAt(NOON.minusSeconds(1));

    assertThat(expiringAt(NOON).narrowedBy(child)).isEqualTo(child);
  }

  @Test
  void childExpiringLaterIsCappedAtItsParentsExpiry() {
    assertThat(expiringAt(NOON).narrowedBy(expiringAt(NOON.plusSeconds(1))))
        .isEqualTo(expiringAt(NOON));
  }

  @Test
  void childOfAParentThatNeverExpiresKeepsItsOwnConstraints() {
    LeaseConstraints child = expiringAt(NOON);

    assertThat(LeaseConstraints.none().narrowedBy(child)).isEqualTo(child);
  }
}
