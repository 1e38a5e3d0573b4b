package dev.arcpekko.runtime.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A principal's live sessions: claimed up to the limit, freed by release or by the connection stopping. */
class PrincipalSessionsTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create();

  private ActorRef<PrincipalSessions.Command> sessions;
  private TestProbe<SlotAnswer> answers;

  @BeforeEach
  void createEntity() {
    sessions = TESTKIT.spawn(PrincipalSessions.create(
        new EntityContext<>(PrincipalSessions.TYPE_KEY, "alice", null), 2));
    answers = TESTKIT.createTestProbe();
  }

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  private static ActorRef<Object> connection() {
    return TESTKIT.spawn(Behaviors.<Object>ignore());
  }

  private SlotAnswer claim(String sessionId, ActorRef<?> connection) {
    sessions.tell(new PrincipalSessions.Claim(sessionId, connection, answers.getRef()));
    return answers.receiveMessage();
  }

  @Test
  void aThirdSessionIsRefusedWhileTwoAreHeld() {
    assertThat(claim("sess_1", connection())).isEqualTo(new SlotAnswer.Granted());
    assertThat(claim("sess_2", connection())).isEqualTo(new SlotAnswer.Granted());

    assertThat(claim("sess_3", connection())).isEqualTo(new SlotAnswer.Refused(2));
  }

  @Test
  void aHeldSessionClaimedAgainOrTakenOverKeepsItsOneSlot() {
    ActorRef<Object> first = connection();
    claim("sess_1", first);
    claim("sess_2", connection());

    assertThat(claim("sess_1", first)).isEqualTo(new SlotAnswer.Granted());
    assertThat(claim("sess_1", connection())).isEqualTo(new SlotAnswer.Granted());
    assertThat(claim("sess_3", connection())).isEqualTo(new SlotAnswer.Refused(2));
  }

  @Test
  void releaseFreesTheConnectionsSlot() {
    ActorRef<Object> first = connection();
    claim("sess_1", first);
    claim("sess_2", connection());

    sessions.tell(new PrincipalSessions.Release(first));

    assertThat(claim("sess_3", connection())).isEqualTo(new SlotAnswer.Granted());
  }

  @Test
  void aStoppedConnectionFreesItsSlot() {
    ActorRef<Object> first = connection();
    claim("sess_1", first);
    claim("sess_2", connection());

    TESTKIT.stop(first);

    answers.awaitAssert(() -> assertThat(claim("sess_3", connection())).isEqualTo(new SlotAnswer.Granted()));
  }

  @Test
  void aFreshEntityCountsTheSessionsConnectionsReassert() {
    sessions.tell(new PrincipalSessions.Reassert("sess_1", connection()));
    sessions.tell(new PrincipalSessions.Reassert("sess_2", connection()));

    assertThat(claim("sess_3", connection())).isEqualTo(new SlotAnswer.Refused(2));
  }

  @Test
  void everyMessageSerializesForOtherNodes() {
    var serialization = TESTKIT.serializationTestKit();
    ActorRef<Object> connection = connection();
    for (Object message : new Object[] {
        new PrincipalSessions.Claim("sess_1", connection, answers.getRef()),
        new PrincipalSessions.Reassert("sess_1", connection),
        new PrincipalSessions.Release(connection),
        new SlotAnswer.Granted(),
        new SlotAnswer.Refused(2)}) {
      serialization.verifySerialization(message, true);
    }
  }
}
