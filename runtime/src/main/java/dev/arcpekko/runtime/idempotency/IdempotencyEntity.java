package dev.arcpekko.runtime.idempotency;

import dev.arcpekko.runtime.JsonSerializable;
import dev.arcpekko.runtime.Sha256;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One idempotency key of one principal: which job it produced and a fingerprint of the submit's
 * parameters, durable for the configured TTL. Keyed by a hash of {@code principal} and key so
 * that neither appears in entity ids or logs.
 */
public final class IdempotencyEntity
    extends EventSourcedBehavior<IdempotencyEntity.Command, IdempotencyEntity.Event, IdempotencyEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Idempotency");

  /** Messages of the entity. */
  public sealed interface Command extends JsonSerializable {}

  /** Claims the key for {@code candidateJobId} unless a live claim exists. */
  public record Claim(String fingerprint, String candidateJobId, Instant now, ActorRef<ClaimResult> replyTo)
      implements Command {}

  /** The answer to a {@link Claim}. */
  public sealed interface ClaimResult extends JsonSerializable {}

  /** The key was free: the candidate job owns it now. */
  public record Fresh(String jobId) implements ClaimResult {}

  /** Same key, same parameters: the earlier job. */
  public record Existing(String jobId) implements ClaimResult {}

  /** Same key, different parameters. */
  public record Conflict(String existingJobId) implements ClaimResult {}

  /** Journaled claims. */
  public sealed interface Event extends JsonSerializable {}

  public record Claimed(String jobId, String fingerprint, Instant at) implements Event {}

  /** The current claim, if any. */
  public sealed interface State extends JsonSerializable {}

  public record Unclaimed() implements State {}

  public record Held(String jobId, String fingerprint, Instant at) implements State {}

  private final Duration ttl;

  private IdempotencyEntity(String entityId, Duration ttl) {
    super(PersistenceId.of(TYPE_KEY.name(), entityId));
    this.ttl = ttl;
  }

  /** The behaviour of one key. */
  public static Behavior<Command> create(EntityContext<Command> context, Duration ttl) {
    return new IdempotencyEntity(context.getEntityId(), ttl);
  }

  /** The entity id of a principal-scoped key ({@code principal + "\0" + key}). */
  public static String entityId(String scopedKey) {
    return Sha256.hex(scopedKey);
  }

  @Override
  public State emptyState() {
    return new Unclaimed();
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Claim.class, this::claim)
        .build();
  }

  private Effect<Event, State> claim(State state, Claim claim) {
    if (state instanceof Held held && !held.at().plus(ttl).isBefore(claim.now())) {
      ClaimResult result = held.fingerprint().equals(claim.fingerprint())
          ? new Existing(held.jobId())
          : new Conflict(held.jobId());
      return Effect().reply(claim.replyTo(), result);
    }
    return Effect().persist(new Claimed(claim.candidateJobId(), claim.fingerprint(), claim.now()))
        .thenReply(claim.replyTo(), newState -> new Fresh(claim.candidateJobId()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Claimed.class, (state, claimed) -> new Held(claimed.jobId(), claimed.fingerprint(), claimed.at()))
        .build();
  }
}
