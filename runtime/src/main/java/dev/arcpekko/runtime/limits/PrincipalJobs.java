package dev.arcpekko.runtime.limits;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.arcpekko.runtime.JsonSerializable;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The jobs of one principal that have not ended, cluster-wide and durable: a sharded, event-sourced
 * entity keyed by principal. A job reserves its slot before it is accepted and releases it when it
 * ends; both are idempotent per job id, so a retried reservation or a repeated release (after a
 * crash, on every wake of an ended job) changes nothing.
 */
public final class PrincipalJobs
    extends EventSourcedBehavior<PrincipalJobs.Command, PrincipalJobs.Event, PrincipalJobs.Active> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "PrincipalJobs");

  /** Messages of the entity. */
  public sealed interface Command extends JsonSerializable {}

  /** Reserves a slot for {@code jobId}; answers once journaled. */
  public record Reserve(String jobId, ActorRef<SlotAnswer> replyTo) implements Command {}

  /** Frees the slot of {@code jobId}, if it holds one. */
  public record Release(String jobId) implements Command {}

  /** Journaled changes. */
  public sealed interface Event extends JsonSerializable {}

  public record Reserved(String jobId) implements Event {}

  public record Released(String jobId) implements Event {}

  /** The principal's jobs that hold a slot; mutated only by the event handler. */
  public static final class Active implements JsonSerializable {
    private final Set<String> jobIds;

    @JsonCreator
    public Active(@JsonProperty("jobIds") Set<String> jobIds) {
      this.jobIds = new HashSet<>(jobIds);
    }

    @JsonProperty("jobIds")
    public Set<String> jobIds() {
      return Set.copyOf(jobIds);
    }
  }

  private final int max;

  private PrincipalJobs(String principal, int max) {
    super(PersistenceId.of(TYPE_KEY.name(), principal));
    this.max = max;
  }

  /** The jobs of the principal {@code context} names, at most {@code max} at a time (0: unlimited). */
  public static Behavior<Command> create(EntityContext<Command> context, int max) {
    return new PrincipalJobs(context.getEntityId(), max);
  }

  @Override
  public Active emptyState() {
    return new Active(Set.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandler<Command, Event, Active> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Reserve.class, this::reserve)
        .onCommand(Release.class, (active, release) -> active.jobIds.contains(release.jobId())
            ? Effect().persist(new Released(release.jobId()))
            : Effect().none())
        .build();
  }

  private Effect<Event, Active> reserve(Active active, Reserve reserve) {
    if (active.jobIds.contains(reserve.jobId())) {
      return Effect().reply(reserve.replyTo(), new SlotAnswer.Granted());
    }
    if (max > 0 && active.jobIds.size() >= max) {
      return Effect().reply(reserve.replyTo(), new SlotAnswer.Refused(max));
    }
    return Effect().persist(new Reserved(reserve.jobId()))
        .thenReply(reserve.replyTo(), newState -> new SlotAnswer.Granted());
  }

  @Override
  public EventHandler<Active, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Reserved.class, (active, reserved) -> {
          active.jobIds.add(reserved.jobId());
          return active;
        })
        .onEvent(Released.class, (active, released) -> {
          active.jobIds.remove(released.jobId());
          return active;
        })
        .build();
  }
}
