package dev.arcpekko.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionLogTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);

  private static SessionLog logWith(int frames) {
    SessionLog log = new SessionLog("alice", List.of("ack"), "hash", T0);
    for (int seq = 1; seq <= frames; seq++) {
      log.stamp(new SessionLog.Buffered(seq, "job_a", seq, "frame-" + seq, T0.plusSeconds(seq)), WINDOW);
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
    assertThat(log.after(2)).extracting(SessionLog.Buffered::seq).containsExactly(3L, 4L, 5L);
    assertThat(log.canReplayAfter(2)).isTrue();
    assertThat(log.canReplayAfter(5)).isTrue();
    assertThat(log.canReplayAfter(6)).as("a cursor beyond the log").isFalse();
  }

  @Test
  void anAckFreesFramesUpToItSoEarlierCursorsCanNoLongerReplay() {
    SessionLog log = logWith(5);
    log.ack(3, T0.plusSeconds(10));
    assertThat(log.after(0)).hasSize(2);
    assertThat(log.canReplayAfter(2)).isFalse();
    assertThat(log.canReplayAfter(3)).isTrue();
  }

  @Test
  void anAckBeyondTheLastSeqFreesOnlyWhatExists() {
    SessionLog log = logWith(2);
    log.ack(99, T0.plusSeconds(10));
    assertThat(log.after(0)).isEmpty();
    log.stamp(new SessionLog.Buffered(3, "job_a", 3, "frame-3", T0.plusSeconds(11)), WINDOW);
    assertThat(log.after(2)).extracting(SessionLog.Buffered::seq).containsExactly(3L);
  }

  @Test
  void framesOlderThanTheWindowAreDroppedWhenNewOnesArrive() {
    SessionLog log = logWith(2);
    log.stamp(new SessionLog.Buffered(3, "job_a", 3, "late", T0.plus(WINDOW).plusSeconds(2)), WINDOW);
    assertThat(log.after(0)).extracting(SessionLog.Buffered::seq).containsExactly(2L, 3L);
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
    log.stamp(new SessionLog.Buffered(2, "", 0, "rejection", T0.plusSeconds(5)), WINDOW);
    assertThat(log.lastSeq()).isEqualTo(2);
    assertThat(log.cursorOf("job_a")).isEqualTo(1);
  }
}
