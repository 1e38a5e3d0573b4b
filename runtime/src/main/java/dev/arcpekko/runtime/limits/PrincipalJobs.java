package dev.arcpekko.runtime.limits;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.arcpekko.runtime.JsonSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.Done;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The jobs of one principal that have not ended, cluster-wide and durable: a sharded, event-sourced
 * entity keyed by principal. A job reserves its slot before it is accepted and releases it when it
 * ends; both are idempotent per job id, so a retried reservation or a repeated release (after a
 * crash, on every wake of an ended job) changes nothing. A released slot is free at once; the
 * release is journaled with the next reservation (one write for both), after {@link #RELEASE_DELAY},
 * or when sharding stops the entity, whichever comes first. When it has to refuse, it audits the
 * slots held longer than {@link #AUDIT_AFTER}: a job that never journaled its acceptance (its node
 * stopped right after the reservation) loses its slot, and every other one is woken, so one that
 * ended without its release arriving sends it again.
 */
public final class PrincipalJobs
    extends EventSourcedBehavior<PrincipalJobs.Command, PrincipalJobs.Event, PrincipalJobs.Active> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "PrincipalJobs");

  /** Messages of the entity. */
  public sealed interface Command extends JsonSerializable {}

  /** Reserves a slot for {@code jobId}; answers once journaled. */
  public record Reserve(String jobId, ActorRef<SlotAnswer> replyTo) implements Command {}

  /**
   * Reserves slots for several jobs, in order, with one journal write (a node's
   * {@link ReservationBatcher} collects them); each reservation is answered, then {@code batchDone}.
   */
  public record ReserveAll(List<Reserve> reserves, ActorRef<Done> batchDone) implements Command {}

  /** Frees the slot of {@code jobId}, if it holds one. */
  public record Release(String jobId) implements Command {}

  /** An audit found reservations whose jobs were never accepted. */
  record NeverAccepted(List<String> jobIds) implements Command {}

  /** Journal the releases no reservation has carried yet. */
  record JournalReleases() implements Command {}

  /** Sharding's stop message (passivation, hand-off at shutdown): journal pending releases, then stop. */
  public record Stop() implements Command {}

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

  /** How long a slot is held before an audit looks at its job. */
  public static final Duration AUDIT_AFTER = Duration.ofMinutes(1);
  /** How long a release waits for a reservation to share its journal write. */
  public static final Duration RELEASE_DELAY = Duration.ofMillis(200);

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final int max;
  private final Clock clock;
  private final JobProbe jobs;
  /** When this incarnation first saw each reservation (recovery counts as seeing). */
  private final Map<String, Instant> heldSince = new HashMap<>();
  /** Released, free for new reservations, not yet journaled (a subset of the journaled jobs). */
  private final Set<String> releasing = new LinkedHashSet<>();
  private boolean auditing;

  private PrincipalJobs(ActorContext<Command> context, TimerScheduler<Command> timers, String principal, int max,
      Clock clock, JobProbe jobs) {
    super(PersistenceId.of(TYPE_KEY.name(), principal));
    this.context = context;
    this.timers = timers;
    this.max = max;
    this.clock = clock;
    this.jobs = jobs;
  }

  /** The jobs of the principal {@code entityContext} names, at most {@code max} at a time (0: unlimited). */
  public static Behavior<Command> create(EntityContext<Command> entityContext, int max, Clock clock, JobProbe jobs) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new PrincipalJobs(context, timers, entityContext.getEntityId(), max, clock, jobs)));
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
        .onCommand(Reserve.class, (active, reserve) -> reserveAll(active, List.of(reserve), Optional.empty()))
        .onCommand(ReserveAll.class, (active, all) -> reserveAll(active, all.reserves(), Optional.of(all.batchDone())))
        .onCommand(Release.class, this::release)
        .onCommand(JournalReleases.class, (active, due) -> journalReleased(List.of()))
        .onCommand(Stop.class, (active, stop) -> journalReleased(List.of()).thenStop())
        .onCommand(NeverAccepted.class, (active, found) -> {
          auditing = false;
          found.jobIds().stream().filter(active.jobIds::contains).forEach(releasing::add);
          return journalReleased(List.of());
        })
        .build();
  }

  @Override
  public SignalHandler<Active> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), active -> active.jobIds.forEach(this::seen))
        .build();
  }

  private void seen(String jobId) {
    heldSince.putIfAbsent(jobId, clock.instant());
  }

  private Effect<Event, Active> release(Active active, Release release) {
    if (active.jobIds.contains(release.jobId()) && releasing.add(release.jobId())
        && !timers.isTimerActive(JournalReleases.class)) {
      timers.startSingleTimer(JournalReleases.class, new JournalReleases(), RELEASE_DELAY);
    }
    return Effect().none();
  }

  /** Journals the pending releases, then {@code more} (a reservation), in one write. */
  private EffectBuilder<Event, Active> journalReleased(List<Event> more) {
    List<String> released = List.copyOf(releasing);
    List<Event> events = new ArrayList<>(released.stream().<Event>map(Released::new).toList());
    events.addAll(more);
    if (events.isEmpty()) {
      return Effect().none();
    }
    timers.cancel(JournalReleases.class);
    return Effect().persist(events).thenRun(newState -> released.forEach(jobId -> {
      releasing.remove(jobId);
      heldSince.remove(jobId);
    }));
  }

  private void audit(Active active) {
    if (auditing) {
      return;
    }
    Instant heldBefore = clock.instant().minus(AUDIT_AFTER);
    List<String> old = active.jobIds.stream()
        .filter(jobId -> !releasing.contains(jobId))
        .filter(jobId -> heldSince.getOrDefault(jobId, Instant.MAX).isBefore(heldBefore))
        .toList();
    if (old.isEmpty()) {
      return;
    }
    auditing = true;
    context.getLog().info("principal jobs {} at the limit of {}: auditing {} slots held for over {}",
        persistenceId().id(), max, old.size(), AUDIT_AFTER);
    old.forEach(jobs::wake);
    List<CompletableFuture<Optional<String>>> checks = old.stream()
        .map(jobId -> jobs.wasAccepted(jobId).thenApply(accepted -> accepted ? Optional.<String>empty()
            : Optional.of(jobId)).toCompletableFuture())
        .toList();
    context.pipeToSelf(CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)),
        (done, failure) -> new NeverAccepted(failure != null ? List.of()
            : checks.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList()));
  }

  /**
   * Grants jobs that already hold a slot, admits new ones while slots are free (journaling them,
   * with pending releases, in one write) and refuses the rest; answers every reservation, then
   * {@code batchDone}.
   */
  private Effect<Event, Active> reserveAll(Active active, List<Reserve> reserves, Optional<ActorRef<Done>> batchDone) {
    List<Reserve> admitted = new ArrayList<>();
    Set<String> admittedIds = new HashSet<>();
    boolean refused = false;
    for (Reserve reserve : reserves) {
      String jobId = reserve.jobId();
      if (active.jobIds.contains(jobId) || admittedIds.contains(jobId)) {
        // A job that released and asks again (its start failed and was retried) holds its slot again.
        releasing.remove(jobId);
        reserve.replyTo().tell(new SlotAnswer.Granted());
      } else if (max > 0 && active.jobIds.size() - releasing.size() + admittedIds.size() >= max) {
        refused = true;
        reserve.replyTo().tell(new SlotAnswer.Refused(max));
      } else {
        admittedIds.add(jobId);
        admitted.add(reserve);
      }
    }
    if (refused) {
      audit(active);
    }
    if (admitted.isEmpty()) {
      batchDone.ifPresent(done -> done.tell(Done.getInstance()));
      return Effect().none();
    }
    return journalReleased(admitted.stream().<Event>map(reserve -> new Reserved(reserve.jobId())).toList())
        .thenRun(newState -> {
          admitted.forEach(reserve -> {
            seen(reserve.jobId());
            reserve.replyTo().tell(new SlotAnswer.Granted());
          });
          batchDone.ifPresent(done -> done.tell(Done.getInstance()));
        });
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
