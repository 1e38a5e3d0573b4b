package dev.arcpekko.runtime.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.arcpekko.runtime.JsonSerializable;
import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.job.JobEntity;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
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
 * The durable list of jobs that have not finished, split into {@link #BUCKETS} sharded buckets. A
 * job registers before it is accepted and leaves once its terminal frame is stored by its
 * session; {@link WakeAll} pokes every listed job so that jobs of a restarted or failed node come
 * back (and re-run or end) without waiting for a client.
 */
public final class JobRecoveryIndex
    extends EventSourcedBehavior<JobRecoveryIndex.Command, JobRecoveryIndex.Event, JobRecoveryIndex.Jobs> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "JobRecoveryIndex");
  public static final int BUCKETS = 16;

  /** Messages of the index. */
  public sealed interface Command extends JsonSerializable {}

  /** Adds a job; answers once journaled. */
  public record Register(String jobId, ActorRef<Done> replyTo) implements Command {}

  /** Removes a job. */
  public record Unregister(String jobId) implements Command {}

  /** Wakes every listed job. */
  public record WakeAll(String reason) implements Command {}

  /** Journaled changes. */
  public sealed interface Event extends JsonSerializable {}

  public record Registered(String jobId) implements Event {}

  public record Unregistered(String jobId) implements Event {}

  /** The jobs of one bucket; mutated only by the event handler. */
  public static final class Jobs implements JsonSerializable {
    private final Set<String> ids;

    @JsonCreator
    public Jobs(@JsonProperty("ids") Set<String> ids) {
      this.ids = new HashSet<>(ids);
    }

    @JsonProperty("ids")
    public Set<String> ids() {
      return Set.copyOf(ids);
    }
  }

  private final RuntimeServices services;

  private JobRecoveryIndex(String bucket, RuntimeServices services) {
    super(PersistenceId.of(TYPE_KEY.name(), bucket));
    this.services = services;
  }

  /** The behaviour of one bucket. */
  public static Behavior<Command> create(EntityContext<Command> context, RuntimeServices services) {
    return new JobRecoveryIndex(context.getEntityId(), services);
  }

  /** The bucket a job belongs to. */
  public static String bucketOf(String jobId) {
    return "bucket-" + Math.floorMod(jobId.hashCode(), BUCKETS);
  }

  /** Every bucket id. */
  public static List<String> buckets() {
    return IntStream.range(0, BUCKETS).mapToObj(i -> "bucket-" + i).toList();
  }

  @Override
  public Jobs emptyState() {
    return new Jobs(Set.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandler<Command, Event, Jobs> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Register.class, (jobs, register) -> jobs.ids.contains(register.jobId())
            ? Effect().reply(register.replyTo(), Done.getInstance())
            : Effect().persist(new Registered(register.jobId()))
                .thenReply(register.replyTo(), state -> Done.getInstance()))
        .onCommand(Unregister.class, (jobs, unregister) -> jobs.ids.contains(unregister.jobId())
            ? Effect().persist(new Unregistered(unregister.jobId()))
            : Effect().none())
        .onCommand(WakeAll.class, (jobs, wake) -> {
          jobs.ids.forEach(jobId -> services.job(jobId).tell(new JobEntity.Wake(jobId)));
          return Effect().none();
        })
        .build();
  }

  @Override
  public EventHandler<Jobs, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Registered.class, (jobs, registered) -> {
          jobs.ids.add(registered.jobId());
          return jobs;
        })
        .onEvent(Unregistered.class, (jobs, unregistered) -> {
          jobs.ids.remove(unregistered.jobId());
          return jobs;
        })
        .build();
  }
}
