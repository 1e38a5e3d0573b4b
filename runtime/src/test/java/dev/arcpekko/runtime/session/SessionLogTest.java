package dev.arcpekko.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionLogTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final long MAX_BYTES = 1 << 20;

  private static SessionLog logWith(int frames) {
    SessionLog log = new SessionLog("alice", List.of("ack"), "hash", T0);
    for (int seq = 1; seq <= frames; seq++) {
      log.stamp(new SessionLog.Buffered(seq, "job_a", seq, "frame-" + seq, T0.plusSeconds(seq)), WINDOW, MAX_BYTES);
    }
    return log;
  }

  @Test
  void stampingAdvancesTheSeqAndTheJobCursor() {
    SessionLog log = logWith(3);
    assertThat(log.lastSeq()).isEqualTo(3);
    assertThat(log.cursorOf("job_a")).isEqualTo(3);
    assertThat(log.cursorOf("job_b")).isZero();
  }

  @Test
  void replayAfterASeqReturnsTheLaterFramesInOrder() {
    SessionLog log = logWith(5);
    assertThat(log.after(2, Integer.MAX_VALUE)).extracting(SessionLog.Buffered::seq).containsExactly(3L, 4L, 5L);
    assertThat(log.canReplayAfter(2)).isTrue();
    assertThat(log.canReplayAfter(5)).isTrue();
    assertThat(log.canReplayAfter(6)).as("a cursor beyond the log").isFalse();
  }

  @Test
  void anAckFreesFramesUpToItSoEarlierCursorsCanNoLongerReplay() {
    SessionLog log = logWith(5);
    log.ack(3, T0.plusSeconds(10));
    assertThat(log.after(0, Integer.MAX_VALUE)).hasSize(2);
    assertThat(log.canReplayAfter(2)).isFalse();
    assertThat(log.canReplayAfter(3)).isTrue();
  }

  @Test
  void anAckBeyondTheLastSeqFreesOnlyWhatExists() {
    SessionLog log = logWith(2);
    log.ack(99, T0.plusSeconds(10));
    assertThat(log.after(0, Integer.MAX_VALUE)).isEmpty();
    log.stamp(new SessionLog.Buffered(3, "job_a", 3, "frame-3", T0.plusSeconds(11)), WINDOW, MAX_BYTES);
    assertThat(log.after(2, Integer.MAX_VALUE)).extracting(SessionLog.Buffered::seq).containsExactly(3L);
  }

  @Test
  void framesOlderThanTheWindowAreDroppedWhenNewOnesArrive() {
    SessionLog log = logWith(2);
    log.stamp(new SessionLog.Buffered(3, "job_a", 3, "late", T0.plus(WINDOW).plusSeconds(2)), WINDOW, MAX_BYTES);
    assertThat(log.after(0, Integer.MAX_VALUE)).extracting(SessionLog.Buffered::seq).containsExactly(2L, 3L);
  }

  @Test
  void aSnapshotRestoresTheSameLog() {
    SessionLog log = logWith(4);
    log.ack(1, T0.plusSeconds(20));
    SessionLog restored = new SessionLog(log.snapshot());
    assertThat(restored.snapshot()).isEqualTo(log.snapshot());
  }

  @Test
  void runtimeFramesDoNotMoveAnyJobCursor() {
    SessionLog log = logWith(1);
    log.stamp(new SessionLog.Buffered(2, "", 0, "rejection", T0.plusSeconds(5)), WINDOW, MAX_BYTES);
    assertThat(log.lastSeq()).isEqualTo(2);
    assertThat(log.cursorOf("job_a")).isEqualTo(1);
  }

  @Test
  void theByteLimitEvictsTheOldestUnacknowledgedFramesSoAResumeFromThereIsRefused() {
    SessionLog log = new SessionLog("alice", List.of("ack"), "hash", T0);
    for (int seq = 1; seq <= 10; seq++) {
      log.stamp(new SessionLog.Buffered(seq, "job_a", seq, "x".repeat(100), T0.plusSeconds(seq)), WINDOW, 450);
    }
    assertThat(log.after(0, Integer.MAX_VALUE)).extracting(SessionLog.Buffered::seq).containsExactly(7L, 8L, 9L, 10L);
    assertThat(log.canReplayAfter(6)).isTrue();
    assertThat(log.canReplayAfter(5)).isFalse();
  }

  @Test
  void aSubscriberFromEventSeqMapsToTheJobCursorWhileTheBufferReachesBack() {
    SessionLog log = new SessionLog("alice", List.of("ack"), "hash", T0);
    log.stamp(new SessionLog.Buffered(1, "job_a", 1, "a1", T0), WINDOW, MAX_BYTES);
    log.stamp(new SessionLog.Buffered(2, "job_b", 1, "b1", T0), WINDOW, MAX_BYTES);
    log.stamp(new SessionLog.Buffered(3, "job_a", 2, "a2", T0), WINDOW, MAX_BYTES);
    log.stamp(new SessionLog.Buffered(4, "job_a", 3, "a3", T0), WINDOW, MAX_BYTES);
    assertThat(log.jobCursorAfter("job_a", 0)).hasValue(0);
    assertThat(log.jobCursorAfter("job_a", 1)).hasValue(1);
    assertThat(log.jobCursorAfter("job_a", 2)).hasValue(1);
    assertThat(log.jobCursorAfter("job_a", 4)).hasValue(3);
    log.ack(2, T0);
    assertThat(log.jobCursorAfter("job_a", 2)).hasValue(1);
    assertThat(log.jobCursorAfter("job_a", 0)).isEmpty();
  }

  @Test
  void subscriptionsSurviveASnapshotAndSetTheJobCursor() {
    SessionLog log = logWith(2);
    log.subscribe("job_x", "trace", 5);
    SessionLog restored = new SessionLog(log.snapshot());
    assertThat(restored.isSubscribed("job_x")).isTrue();
    assertThat(restored.cursorOf("job_x")).isEqualTo(5);
    restored.unsubscribe("job_x");
    assertThat(restored.isSubscribed("job_x")).isFalse();
  }
}
