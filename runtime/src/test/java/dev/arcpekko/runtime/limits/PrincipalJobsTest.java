package dev.arcpekko.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A principal's job slots: reserved up to the limit, idempotent per job, journaled, and audited
 * for slots a crash kept from being released.
 */
class PrincipalJobsTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");

  private EventSourcedBehaviorTestKit<PrincipalJobs.Command, PrincipalJobs.Event, PrincipalJobs.Active> kit;
  private final SettableClock clock = new SettableClock();
  /** Jobs the probe reports as accepted; every audited or woken job id, in order. */
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final List<String> woken = new CopyOnWriteArrayList<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** A clock tests move by hand. */
  private static final class SettableClock extends Clock {
    private volatile Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private JobProbe probe;

  @BeforeEach
  void createEntity() {
    probe = new JobProbe() {
      @Override
      public CompletionStage<Boolean> wasAccepted(String jobId) {
        asked.add(jobId);
        return CompletableFuture.completedFuture(accepted.contains(jobId));
      }

      @Override
      public void wake(String jobId) {
        woken.add(jobId);
      }
    };
    kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(),
        PrincipalJobs.create(new EntityContext<>(PrincipalJobs.TYPE_KEY, "alice", null), 2, clock, probe));
    kit.clear();
  }

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  private CommandResultWithReply<PrincipalJobs.Command, PrincipalJobs.Event, PrincipalJobs.Active, SlotAnswer>
      reserve(String jobId) {
    return kit.runCommand(replyTo -> new PrincipalJobs.Reserve(jobId, replyTo));
  }

  @Test
  void reservationsBeyondTheLimitAreRefusedWithoutAJournalEntry() {
    assertThat(reserve("job_1").reply()).isEqualTo(new SlotAnswer.Granted());
    assertThat(reserve("job_2").reply()).isEqualTo(new SlotAnswer.Granted());

    var refused = reserve("job_3");

    assertThat(refused.reply()).isEqualTo(new SlotAnswer.Refused(2));
    assertThat(refused.hasNoEvents()).isTrue();
  }

  @Test
  void aBatchIsAdmittedInOrderUpToTheLimitWithOneJournalWrite() {
    TestProbe<SlotAnswer> answers = TESTKIT.createTestProbe();
    TestProbe<org.apache.pekko.Done> done = TESTKIT.createTestProbe();
    var batch = kit.runCommand(new PrincipalJobs.ReserveAll(List.of(
        new PrincipalJobs.Reserve("job_1", answers.ref()),
        new PrincipalJobs.Reserve("job_1", answers.ref()),
        new PrincipalJobs.Reserve("job_2", answers.ref()),
        new PrincipalJobs.Reserve("job_3", answers.ref())), done.ref()));

    assertThat(batch.events()).containsExactly(new PrincipalJobs.Reserved("job_1"), new PrincipalJobs.Reserved("job_2"));
    assertThat(List.of(answers.receiveMessage(), answers.receiveMessage(), answers.receiveMessage(),
        answers.receiveMessage())).containsExactlyInAnyOrder(new SlotAnswer.Granted(), new SlotAnswer.Granted(),
        new SlotAnswer.Granted(), new SlotAnswer.Refused(2));
    done.expectMessage(org.apache.pekko.Done.getInstance());
    assertThat(kit.restart().state().jobIds()).isEqualTo(Set.of("job_1", "job_2"));
  }

  @Test
  void reservingTheSameJobAgainIsGrantedWithoutTakingASecondSlot() {
    reserve("job_1");

    var again = reserve("job_1");

    assertThat(again.reply()).isEqualTo(new SlotAnswer.Granted());
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(reserve("job_2").reply()).isEqualTo(new SlotAnswer.Granted());
  }

  @Test
  void aReleaseFreesTheSlotAtOnceAndIsJournaledWithTheNextReservation() {
    reserve("job_1");
    reserve("job_2");

    assertThat(kit.runCommand(new PrincipalJobs.Release("job_1")).hasNoEvents()).isTrue();
    assertThat(kit.runCommand(new PrincipalJobs.Release("job_1")).hasNoEvents()).isTrue();
    var next = reserve("job_3");

    assertThat(next.reply()).isEqualTo(new SlotAnswer.Granted());
    assertThat(next.events()).containsExactly(new PrincipalJobs.Released("job_1"), new PrincipalJobs.Reserved("job_3"));
    assertThat(kit.restart().state().jobIds()).isEqualTo(Set.of("job_2", "job_3"));
  }

  @Test
  void aReleaseNoReservationCarriesIsJournaledAfterTheDelay() {
    reserve("job_1");
    kit.runCommand(new PrincipalJobs.Release("job_1"));

    TESTKIT.createTestProbe().awaitAssert(() -> {
      assertThat(kit.getState().jobIds()).isEmpty();
      return null;
    });
    assertThat(kit.restart().state().jobIds()).isEmpty();
  }

  @Test
  void stoppingJournalsPendingReleasesFirst() {
    var entityContext = new EntityContext<>(PrincipalJobs.TYPE_KEY, "stopping", null);
    TestProbe<SlotAnswer> answers = TESTKIT.createTestProbe();
    ActorRef<PrincipalJobs.Command> first = TESTKIT.spawn(PrincipalJobs.create(entityContext, 2, clock, probe));
    first.tell(new PrincipalJobs.Reserve("job_1", answers.getRef()));
    first.tell(new PrincipalJobs.Reserve("job_2", answers.getRef()));
    answers.receiveSeveralMessages(2);
    first.tell(new PrincipalJobs.Release("job_1"));

    first.tell(new PrincipalJobs.Stop());
    answers.expectTerminated(first);

    ActorRef<PrincipalJobs.Command> second = TESTKIT.spawn(PrincipalJobs.create(entityContext, 2, clock, probe));
    second.tell(new PrincipalJobs.Reserve("job_3", answers.getRef()));
    assertThat(answers.receiveMessage()).isEqualTo(new SlotAnswer.Granted());
  }

  @Test
  void aJobThatReleasedAndReservesAgainKeepsItsSlot() {
    reserve("job_1");
    kit.runCommand(new PrincipalJobs.Release("job_1"));

    assertThat(reserve("job_1").reply()).isEqualTo(new SlotAnswer.Granted());
    reserve("job_2");

    assertThat(reserve("job_3").reply()).isEqualTo(new SlotAnswer.Refused(2));
  }

  @Test
  void atTheLimitSlotsHeldLongByJobsNeverAcceptedAreFreedAndTheOthersWoken() {
    reserve("job_never_accepted");
    reserve("job_running");
    accepted.add("job_running");
    clock.now = T0.plus(PrincipalJobs.AUDIT_AFTER).plusSeconds(1);

    assertThat(reserve("job_3").reply()).isEqualTo(new SlotAnswer.Refused(2));

    TESTKIT.createTestProbe().awaitAssert(() -> {
      assertThat(kit.getState().jobIds()).isEqualTo(Set.of("job_running"));
      return null;
    });
    assertThat(woken).containsExactlyInAnyOrder("job_never_accepted", "job_running");
    assertThat(reserve("job_3").reply()).isEqualTo(new SlotAnswer.Granted());
  }

  @Test
  void youngSlotsAreNotAudited() {
    reserve("job_1");
    reserve("job_2");
    clock.now = T0.plus(PrincipalJobs.AUDIT_AFTER).minusSeconds(1);

    assertThat(reserve("job_3").reply()).isEqualTo(new SlotAnswer.Refused(2));

    assertThat(asked).isEmpty();
    assertThat(woken).isEmpty();
    assertThat(kit.getState().jobIds()).isEqualTo(Set.of("job_1", "job_2"));
  }

  @Test
  void slotsRecoveredFromTheJournalAgeFromTheirRecovery() {
    reserve("job_1");
    reserve("job_2");
    clock.now = T0.plus(PrincipalJobs.AUDIT_AFTER.multipliedBy(2));
    kit.restart();

    assertThat(reserve("job_3").reply()).isEqualTo(new SlotAnswer.Refused(2));

    assertThat(asked).isEmpty();
  }
}
