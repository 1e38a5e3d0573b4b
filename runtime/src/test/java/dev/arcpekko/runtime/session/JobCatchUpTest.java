package dev.arcpekko.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which journal reads a session's catch-up starts, and which seen outputs it keeps or forgets. */
class JobCatchUpTest {
  private static final String JOB = "job_1";
  private static final String TRACE = "trace";

  /** A reader the catch-up started: from where, and whether it was stopped. */
  private static final class Started {
    final long fromJobSeq;
    boolean stopped;

    Started(long fromJobSeq) {
      this.fromJobSeq = fromJobSeq;
    }
  }

  private final List<Started> started = new ArrayList<>();
  private final JobCatchUp catchUp = new JobCatchUp((jobId, traceId, fromJobSeq, id) -> {
    Started reader = new Started(fromJobSeq);
    started.add(reader);
    return () -> reader.stopped = true;
  }, () -> true);

  @Test
  void aKnownOutputBeyondTheCursorIsReadFromTheJournalOnce() {
    catchUp.seen(JOB, TRACE, 9);
    catchUp.repair(JOB, 4);
    catchUp.repair(JOB, 4);
    assertThat(started).extracting(reader -> reader.fromJobSeq).containsExactly(5L);
  }

  @Test
  void outputsAnnouncedWhileASubscriptionIsSetUpAreReadOnceItStarts() {
    catchUp.subscribing(JOB);
    catchUp.seenUnsubscribed(JOB, TRACE, 7);
    catchUp.restart(JOB);
    // The job answered the subscription at seq 5; 6 and 7 (its end, say) came before the answer.
    catchUp.seen(JOB, TRACE, 5);
    catchUp.repair(JOB, 5);
    assertThat(started).extracting(reader -> reader.fromJobSeq).containsExactly(6L);
  }

  @Test
  void outputsOfAJobNobodySubscribesToAreNotKept() {
    catchUp.seenUnsubscribed(JOB, TRACE, 7);
    catchUp.seen(JOB, TRACE, 5);
    catchUp.repair(JOB, 5);
    assertThat(started).isEmpty();
  }

  @Test
  void anAbandonedSubscriptionForgetsWhatItSawUnlessTheSessionIsStillSubscribed() {
    catchUp.subscribing(JOB);
    catchUp.seenUnsubscribed(JOB, TRACE, 7);
    catchUp.abandon(JOB, false);
    catchUp.seenUnsubscribed(JOB, TRACE, 8);
    catchUp.repair(JOB, 5);
    assertThat(started).isEmpty();

    catchUp.subscribing(JOB);
    catchUp.seenUnsubscribed(JOB, TRACE, 7);
    catchUp.abandon(JOB, true);
    catchUp.repair(JOB, 5);
    assertThat(started).extracting(reader -> reader.fromJobSeq).containsExactly(6L);
  }

  @Test
  void restartingStopsTheEarlierReaderAndStoppingForgetsTheTarget() {
    catchUp.seen(JOB, TRACE, 9);
    catchUp.repair(JOB, 0);
    catchUp.restart(JOB);
    assertThat(started.get(0).stopped).isTrue();
    catchUp.repair(JOB, 3);
    assertThat(started).extracting(reader -> reader.fromJobSeq).containsExactly(1L, 4L);

    catchUp.stop(JOB);
    assertThat(started.get(1).stopped).isTrue();
    catchUp.repair(JOB, 3);
    assertThat(started).hasSize(2);
  }

  @Test
  void aTargetReachedByTheCursorIsDropped() {
    catchUp.seen(JOB, TRACE, 5);
    catchUp.repair(JOB, 5);
    catchUp.repair(JOB, 2);
    assertThat(started).isEmpty();
  }
}
