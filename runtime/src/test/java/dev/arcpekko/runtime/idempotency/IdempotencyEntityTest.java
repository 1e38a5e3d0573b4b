package dev.arcpekko.runtime.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.arcpekko.runtime.idempotency.IdempotencyEntity.ClaimResult;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotency entity's claims, with events and state checked for serializability. */
class IdempotencyEntityTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private EventSourcedBehaviorTestKit<IdempotencyEntity.Command, IdempotencyEntity.Event, IdempotencyEntity.State> kit;

  @BeforeEach
  void createEntity() {
    kit = EventSourcedBehaviorTestKit.create(TESTKIT.system(),
        IdempotencyEntity.create(new EntityContext<>(IdempotencyEntity.TYPE_KEY, "key-1", null), Duration.ofHours(24)));
    kit.clear();
  }

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  private ClaimResult claim(String fingerprint, String candidate, Instant now) {
    return kit.<ClaimResult>runCommand(replyTo -> new IdempotencyEntity.Claim(fingerprint, candidate, now, replyTo))
        .reply();
  }

  @Test
  void theFirstClaimWinsAndIsJournaled() {
    assertThat(claim("fp", "job_1", T0)).isEqualTo(new IdempotencyEntity.Fresh("job_1"));
    assertThat(kit.restart().state()).isEqualTo(new IdempotencyEntity.Held("job_1", "fp", T0));
  }

  @Test
  void theSameParametersGetTheExistingJobAndOthersAConflict() {
    claim("fp", "job_1", T0);
    assertThat(claim("fp", "job_2", T0.plusSeconds(5))).isEqualTo(new IdempotencyEntity.Existing("job_1"));
    assertThat(claim("other", "job_3", T0.plusSeconds(5))).isEqualTo(new IdempotencyEntity.Conflict("job_1"));
  }

  @Test
  void aClaimOlderThanTheTtlIsReplaced() {
    claim("fp", "job_1", T0);
    assertThat(claim("other", "job_2", T0.plus(Duration.ofHours(25)))).isEqualTo(new IdempotencyEntity.Fresh("job_2"));
  }
}
