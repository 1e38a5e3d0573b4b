package dev.arcpekko.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A principal's job slots: reserved up to the limit, idempotent per job, journaled. */
class PrincipalJobsTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  private EventSourcedBehaviorTestKit<PrincipalJobs.Command, PrincipalJobs.Event, PrincipalJobs.Active> kit;

  @BeforeEach
  void createEntity() {
    kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(),
        PrincipalJobs.create(new EntityContext<>(PrincipalJobs.TYPE_KEY, "alice", null), 2));
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
  void reservingTheSameJobAgainIsGrantedWithoutTakingASecondSlot() {
    reserve("job_1");

    var again = reserve("job_1");

    assertThat(again.reply()).isEqualTo(new SlotAnswer.Granted());
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(reserve("job_2").reply()).isEqualTo(new SlotAnswer.Granted());
  }

  @Test
  void releasingFreesTheSlotOnceAndRepeatedReleasesChangeNothing() {
    reserve("job_1");
    reserve("job_2");

    assertThat(kit.runCommand(new PrincipalJobs.Release("job_1")).events())
        .containsExactly(new PrincipalJobs.Released("job_1"));
    assertThat(kit.runCommand(new PrincipalJobs.Release("job_1")).hasNoEvents()).isTrue();
    assertThat(reserve("job_3").reply()).isEqualTo(new SlotAnswer.Granted());
  }

  @Test
  void theActiveJobsSurviveARestart() {
    reserve("job_1");
    reserve("job_2");
    kit.runCommand(new PrincipalJobs.Release("job_1"));

    assertThat(kit.restart().state().jobIds()).isEqualTo(Set.of("job_2"));
  }
}
