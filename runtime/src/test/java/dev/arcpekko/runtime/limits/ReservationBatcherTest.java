package dev.arcpekko.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Reservations that arrive while a principal's batch is being written go together as the next one. */
class ReservationBatcherTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void whatArrivesDuringAWriteGoesAsOneBatchPerPrincipal() {
    TestProbe<PrincipalJobs.Command> alice = TESTKIT.createTestProbe();
    TestProbe<PrincipalJobs.Command> bob = TESTKIT.createTestProbe();
    TestProbe<SlotAnswer> answers = TESTKIT.createTestProbe();
    ActorRef<ReservationBatcher.Command> batcher = TESTKIT.spawn(ReservationBatcher.create(
        principal -> principal.equals("alice") ? alice.ref() : bob.ref()));

    batcher.tell(new ReservationBatcher.Reserve("alice", "job_1", answers.ref()));
    var first = alice.expectMessageClass(PrincipalJobs.ReserveAll.class);
    assertThat(first.reserves()).extracting(PrincipalJobs.Reserve::jobId).containsExactly("job_1");

    batcher.tell(new ReservationBatcher.Reserve("alice", "job_2", answers.ref()));
    batcher.tell(new ReservationBatcher.Reserve("bob", "job_9", answers.ref()));
    batcher.tell(new ReservationBatcher.Reserve("alice", "job_3", answers.ref()));
    assertThat(bob.expectMessageClass(PrincipalJobs.ReserveAll.class).reserves())
        .extracting(PrincipalJobs.Reserve::jobId).containsExactly("job_9");
    alice.expectNoMessage();

    first.batchDone().tell(Done.getInstance());
    assertThat(alice.expectMessageClass(PrincipalJobs.ReserveAll.class).reserves())
        .extracting(PrincipalJobs.Reserve::jobId).containsExactly("job_2", "job_3");
  }
}
