package dev.arcpekko.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.StatusBody;
import dev.arcpekko.protocol.lease.Budget;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.protocol.message.JobError;
import dev.arcpekko.protocol.message.JobEventMessage;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.runtime.JsonSerializable;
import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.ChildOutcome;
import dev.arcpekko.runtime.auth.AuditLog;
import dev.arcpekko.runtime.credentials.CredentialAudit;
import dev.arcpekko.runtime.credentials.CredentialException;
import dev.arcpekko.runtime.credentials.CredentialGrant;
import dev.arcpekko.runtime.credentials.CredentialLedger;
import dev.arcpekko.runtime.listing.JobIndexRow;
import dev.arcpekko.runtime.listing.JobIndexWriter;
import dev.arcpekko.runtime.limits.LimitExceeded;
import dev.arcpekko.runtime.limits.PrincipalJobs;
import dev.arcpekko.runtime.limits.ReservationBatcher;
import dev.arcpekko.runtime.limits.SlotAnswer;
import dev.arcpekko.runtime.recovery.JobRecoveryIndex;
import dev.arcpekko.runtime.session.Frames;
import dev.arcpekko.runtime.session.SessionEntity;
import dev.arcpekko.runtime.session.SessionEntity.CancelOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One job: a sharded, event-sourced entity keyed by job id. Its states are the job's lifecycle
 * ({@link Pending} → {@link Running} → {@link Ended}); every frame the job produces is journaled
 * before it is published to the owning session (persist, then publish). Timers drive the agent
 * liveness watchdog, {@code max_runtime_sec} and the cancel grace. After a crash a running job is
 * re-run from its last checkpoint (restartable agents) or ends with a retryable
 * {@code INTERNAL_ERROR}.
 */
public final class JobEntity extends EventSourcedBehavior<JobEntity.Command, JobEntity.Event, JobEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Job");
  private static final int DRAIN_BATCH = 512;
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STAMP_OVERDUE = Duration.ofSeconds(5);
  /** Larger batches reach subscribers as a {@link SessionEntity.JobProgressed} hint (they read the journal). */
  private static final int MAX_PUSHED_TO_SUBSCRIBERS = 32;

  /** Messages a job understands. */
  public sealed interface Command extends JsonSerializable {}

  /** Accept and run the job described by {@code record} (sent once, by the submitting session). */
  public record Start(JobRecord record) implements Command {}

  /** The owning session asks to cancel; authority is checked here. */
  public record Cancel(String sessionId, String principal, Optional<String> reason) implements Command {}

  /** An idempotent resubmit found this job: answer with its acceptance (and terminal frame). */
  public record Resubmit(String sessionId, String principal) implements Command {}

  /** The recovery index makes sure this job is alive. */
  public record Wake(String jobId) implements Command {}

  /** The owning session has journaled the terminal frame; the job may leave the index. */
  public record TerminalStored(String jobId) implements Command {}

  /**
   * A session asks to observe the job: answered with an {@link Observation}. With {@code live},
   * a permitted session other than the owner is registered (durably) to receive the job's later
   * outputs.
   */
  public record Observe(String sessionId, String principal, boolean live, ActorRef<Observation> replyTo)
      implements Command {}

  /** A session no longer observes the job. */
  public record Unobserve(String sessionId) implements Command {}

  /** The owning session has stamped the job's outputs up to {@code jobSeq}: the agent may go on. */
  public record OutputsStamped(long jobSeq) implements Command {}

  /**
   * A delegated child ended (sent by the child, again after a restart, until acknowledged with
   * {@link ChildEndStored}); the parent journals it and hands the outcome to its agent.
   */
  public record ChildEnded(String childJobId, JobStatus status, JsonNode payload) implements Command {}

  /** The parent journaled this child's end: the child may leave the recovery index. */
  public record ChildEndStored(String childJobId) implements Command {}

  /** The parent ended: a child still pending or running is cancelled. */
  public record ParentEnded(String parentJobId) implements Command {}

  /** A restarted parent waits for this (ended) child's outcome again: tell it once more. */
  public record RecallOutcome() implements Command {}

  /** The running agent has queued outputs. */
  public record Drain(long runId) implements Command {}

  record SlotAnswered(JobRecord record, Optional<SlotAnswer> answer) implements Command {}

  record Registered(JobRecord record, boolean ok) implements Command {}

  record Launch(String jobId) implements Command {}

  record RestartAfterFailure(String jobId) implements Command {}

  record MaxRuntimeReached(String jobId) implements Command {}

  record LeaseExpired(String jobId) implements Command {}

  record HeartbeatCheck(String jobId) implements Command {}

  record CancelGraceOver(String jobId) implements Command {}

  record StampOverdue(long runId) implements Command {}
  /** The listing index answered (or failed to answer) for this job's terminal row. */
  record TerminalIndexed(String jobId, boolean stored) implements Command {}

  /** The provisioner issued the job's credentials (empty: it failed). */
  record CredentialsAnswered(JobRecord record, Optional<List<CredentialGrant>> grants) implements Command {}

  /** Time to rotate credential {@code credentialId}. */
  record RotateCredential(String credentialId) implements Command {}

  /** The provisioner rotated generation {@code fromGeneration} (empty next: it failed). */
  record RotationAnswered(String credentialId, int fromGeneration, Optional<CredentialGrant> next,
      boolean permanentFailure) implements Command {}

  /** Time to (re)try revoking one generation of a credential. */
  record RetryRevocation(String credentialId, int generation) implements Command {}

  /** How revoking one generation went. */
  record RevocationAnswered(String credentialId, int generation, RevocationOutcome outcome, String reason)
      implements Command {}

  enum RevocationOutcome {
    REVOKED, TRANSIENT_FAILURE, PERMANENT_FAILURE;

    static RevocationOutcome of(Throwable failure) {
      if (failure == null) {
        return REVOKED;
      }
      return CredentialException.isPermanent(failure) ? PERMANENT_FAILURE : TRANSIENT_FAILURE;
    }
  }

  /** Journaled facts of a job. */
  public sealed interface Event extends JsonSerializable {}

  public record Accepted(JobRecord record) implements Event {}

  public record Launched(Instant at) implements Event {}

  public record EventEmitted(long jobSeq, JsonNode payload) implements Event {
    /** The frame this event is published as. */
    public JobOutput output(String jobId, String traceId) {
      return new JobOutput(jobId, traceId, jobSeq, "job.event", payload);
    }
  }

  /** The agent checkpointed {@code state} after {@code delegateCalls} delegate calls (0 in older journals). */
  public record CheckpointSaved(JsonNode state, int delegateCalls) implements Event {}

  public record Restarted(int attempt, Instant at) implements Event {}

  public record CancelRequested(Optional<String> reason, Instant at) implements Event {}

  /** A cost metric of the agent spent {@code amount} of the budgeted {@code currency}. */
  public record BudgetSpent(String currency, BigDecimal amount) implements Event {}

  public record JobEnded(JobStatus status, long jobSeq, String type, JsonNode payload) implements Event {
    /** The terminal frame this event is published as. */
    public JobOutput output(String jobId, String traceId) {
      return new JobOutput(jobId, traceId, jobSeq, type, payload);
    }
  }

  /**
   * The agent delegated {@code child} under {@code key}, by a request with {@code fingerprint} (both
   * null in older journals); the child's {@code cost.budget} is carved out of this job's.
   */
  public record ChildDelegated(JobRecord child, String key, String fingerprint) implements Event {}

  /** A delegated child ended. */
  public record ChildFinished(String childJobId, JobStatus status) implements Event {}

  public record SubscriberAdded(String sessionId) implements Event {}

  public record SubscriberRemoved(String sessionId) implements Event {}

  /** Credentials were issued at acceptance (journaled with {@link Accepted}; no secret). */
  public record CredentialsIssued(List<CredentialGrant> grants) implements Event {}

  /** A change to the credentials of a running or ended job. */
  public sealed interface CredentialEvent extends Event {
    CredentialLedger applyTo(CredentialLedger credentials);
  }

  /** A credential has a new generation; the previous one awaits revocation. */
  public record CredentialRotated(CredentialGrant grant) implements CredentialEvent {
    @Override
    public CredentialLedger applyTo(CredentialLedger credentials) {
      return credentials.rotated(grant);
    }
  }

  /** One generation of a credential is revoked at the upstream. */
  public record CredentialRevoked(String credentialId, int generation) implements CredentialEvent {
    @Override
    public CredentialLedger applyTo(CredentialLedger credentials) {
      return credentials.settled(credentialId, generation);
    }
  }

  /** Revoking one generation failed permanently; operators were told. */
  public record CredentialAbandoned(String credentialId, int generation, String reason) implements CredentialEvent {
    @Override
    public CredentialLedger applyTo(CredentialLedger credentials) {
      return credentials.settled(credentialId, generation);
    }
  }

  /** The job's lifecycle state. */
  public sealed interface State extends JsonSerializable {}

  /** No job with this id was ever accepted. */
  public record NotSubmitted() implements State {}

  /** Accepted and journaled; the agent has not started. */
  public record Pending(JobRecord record, Set<String> subscribers, CredentialLedger credentials) implements State {
    public Pending {
      subscribers = Set.copyOf(subscribers);
      credentials = credentials == null ? CredentialLedger.NONE : credentials;
    }
  }

  /**
   * The agent runs (or is being restarted); {@code cancelReason} is set once a cancel arrived;
   * {@code subscribers} are the observing sessions other than the owner; {@code openChildren} the
   * delegated children that have not ended, by job id; {@code delegations} every child by key.
   */
  public record Running(JobRecord record, long lastJobSeq, Optional<JsonNode> checkpoint, int attempt,
      boolean cancelRequested, Optional<String> cancelReason, Set<String> subscribers,
      Map<String, BigDecimal> spent, Map<String, JobRecord> openChildren, CredentialLedger credentials,
      DelegationLog delegations)
      implements State {

    public Running {
      subscribers = Set.copyOf(subscribers);
      spent = Map.copyOf(spent);
      // Snapshots taken before delegation existed have no children.
      openChildren = openChildren == null ? Map.of() : Map.copyOf(openChildren);
      credentials = credentials == null ? CredentialLedger.NONE : credentials;
      delegations = delegations == null ? DelegationLog.NONE : delegations;
    }

    Running advancedTo(long jobSeq) {
      return new Running(record, jobSeq, checkpoint, attempt, cancelRequested, cancelReason, subscribers, spent,
          openChildren, credentials, delegations);
    }

    Running withCheckpoint(JsonNode state, int delegateCalls) {
      return new Running(record, lastJobSeq, Optional.of(state), attempt, cancelRequested, cancelReason,
          subscribers, spent, openChildren, credentials, delegations.checkpointed(delegateCalls));
    }

    Running withAttempt(int newAttempt) {
      return new Running(record, lastJobSeq, checkpoint, newAttempt, cancelRequested, cancelReason, subscribers,
          spent, openChildren, credentials, delegations);
    }

    Running cancelling(Optional<String> reason) {
      return new Running(record, lastJobSeq, checkpoint, attempt, true, reason, subscribers, spent, openChildren,
          credentials, delegations);
    }

    Running withSubscribers(Set<String> newSubscribers) {
      return new Running(record, lastJobSeq, checkpoint, attempt, cancelRequested, cancelReason, newSubscribers,
          spent, openChildren, credentials, delegations);
    }

    Running spending(String currency, BigDecimal amount) {
      Map<String, BigDecimal> more = new HashMap<>(spent);
      more.merge(currency, amount, BigDecimal::add);
      return new Running(record, lastJobSeq, checkpoint, attempt, cancelRequested, cancelReason, subscribers, more,
          openChildren, credentials, delegations);
    }

    /**
     * With {@code child} open, logged under {@code key} (unless journaled before keys existed), and
     * its budget carved out of this job's counters.
     */
    Running delegating(JobRecord child, String key, String fingerprint) {
      Map<String, BigDecimal> carved = new HashMap<>(spent);
      child.effectiveLease().budget().ifPresent(budget ->
          budget.asMap().forEach((currency, amount) -> carved.merge(currency, amount, BigDecimal::add)));
      Map<String, JobRecord> open = new HashMap<>(openChildren);
      open.put(child.jobId(), child);
      DelegationLog logged = key == null ? delegations
          : delegations.with(key, new DelegationLog.Entry(child.jobId(), child.delegateId().orElseThrow(), fingerprint));
      return new Running(record, lastJobSeq, checkpoint, attempt, cancelRequested, cancelReason, subscribers,
          carved, open, credentials, logged);
    }

    Running childFinished(String childJobId) {
      Map<String, JobRecord> open = new HashMap<>(openChildren);
      open.remove(childJobId);
      return new Running(record, lastJobSeq, checkpoint, attempt, cancelRequested, cancelReason, subscribers, spent,
          open, credentials, delegations);
    }

    Running withCredentials(CredentialLedger newCredentials) {
      return new Running(record, lastJobSeq, checkpoint, attempt, cancelRequested, cancelReason, subscribers, spent,
          openChildren, newCredentials, delegations);
    }

    /** The budget counters now: the lease's {@code cost.budget} less what was spent. */
    Map<String, BigDecimal> budget() {
      return record.effectiveLease().budget().map(initial -> BudgetLedger.remaining(initial, spent).asMap())
          .orElse(Map.of());
    }
  }

  /**
   * Terminal: success, error, cancelled or timed out, with the terminal frame; {@code openChildren}
   * are delegated children not yet known to have ended (they are being cancelled).
   */
  public record Ended(JobRecord record, JobStatus status, JobOutput terminal, Set<String> subscribers,
      Map<String, BigDecimal> budget, Set<String> openChildren, CredentialLedger credentials) implements State {
    public Ended {
      subscribers = Set.copyOf(subscribers);
      budget = Map.copyOf(budget);
      // Snapshots taken before delegation existed have no children.
      openChildren = openChildren == null ? Set.of() : Set.copyOf(openChildren);
      credentials = credentials == null ? CredentialLedger.NONE : credentials;
    }

    Ended withSubscribers(Set<String> newSubscribers) {
      return new Ended(record, status, terminal, newSubscribers, budget, openChildren, credentials);
    }

    Ended childFinished(String childJobId) {
      return new Ended(record, status, terminal, subscribers, budget, without(openChildren, childJobId), credentials);
    }

    Ended withCredentials(CredentialLedger newCredentials) {
      return new Ended(record, status, terminal, subscribers, budget, openChildren, newCredentials);
    }
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final EntityContext<Command> entityContext;
  private final RuntimeServices services;
  private AgentRun run;
  private long runCounter;
  private boolean registering;
  private boolean terminalStored;
  private boolean terminalIndexed;
  /** Whether the parent (of a delegated job) has journaled this job's end. */
  private boolean parentNotified;
  private final JobCredentials credentials;

  private JobEntity(ActorContext<Command> context, TimerScheduler<Command> timers,
      EntityContext<Command> entityContext, RuntimeServices services) {
    super(PersistenceId.of(TYPE_KEY.name(), entityContext.getEntityId()));
    this.context = context;
    this.timers = timers;
    this.entityContext = entityContext;
    this.services = services;
    this.credentials = new JobCredentials(context, timers, services);
  }

  /** The behaviour of the job entity {@code entityContext} names. */
  public static Behavior<Command> create(EntityContext<Command> entityContext, RuntimeServices services) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new JobEntity(context, timers, entityContext, services)));
  }

  /** The persistence id of a job's journal. */
  public static PersistenceId persistenceIdOf(String jobId) {
    return PersistenceId.of(TYPE_KEY.name(), jobId);
  }

  @Override
  public State emptyState() {
    return new NotSubmitted();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerBuilder();
    builder.forStateType(NotSubmitted.class)
        .onCommand(Start.class, this::reserve)
        .onCommand(SlotAnswered.class, this::register)
        .onCommand(Registered.class, this::accept)
        .onCommand(CredentialsAnswered.class, this::credentialsAnswered)
        .onCommand(Cancel.class, (state, cancel) -> answerCancel(cancel, CancelOutcome.NOT_FOUND))
        .onCommand(Resubmit.class, (state, resubmit) -> answerResubmitNotFound(resubmit))
        .onCommand(Wake.class, this::forgetStaleIndexEntry)
        .onCommand(Observe.class, this::observeUnknown)
        .onCommand(ParentEnded.class, this::parentEndedBeforeStart)
        .onAnyCommand(command -> Effect().none());
    builder.forStateType(Pending.class)
        .onCommand(Launch.class, this::launch)
        .onCommand(Start.class, (state, start) -> replyStarted(state))
        .onCommand(Cancel.class, this::cancelPending)
        .onCommand(ParentEnded.class, (state, ended) -> endPendingCancelled(state, Optional.of(parentEnded(ended)), () -> { }))
        .onCommand(Resubmit.class, (state, resubmit) ->
            answerResubmit(state.record(), state.credentials(), resubmit, Optional.empty()))
        .onCommand(Observe.class, (state, observe) ->
            observe(state.record(), JobStatus.PENDING, 0, initialBudget(state.record()), state.subscribers(),
                state.credentials(), observe))
        .onCommand(Unobserve.class, (state, unobserve) -> unobserve(state.subscribers(), unobserve))
        .onAnyCommand(command -> Effect().none());
    builder.forStateType(Running.class)
        .onCommand(Drain.class, this::drain)
        .onCommand(Start.class, (state, start) -> replyStarted(state))
        .onCommand(Cancel.class, this::cancelRunning)
        .onCommand(ParentEnded.class, (state, ended) -> requestCancel(state, Optional.of(parentEnded(ended)), () -> { }))
        .onCommand(ChildEnded.class, this::childEnded)
        .onCommand(CancelGraceOver.class, (state, over) -> end(state, cancelled(state)))
        .onCommand(MaxRuntimeReached.class, (state, reached) -> end(state, timedOut(state)))
        .onCommand(LeaseExpired.class, (state, expired) -> endExpired(state))
        .onCommand(HeartbeatCheck.class, this::checkHeartbeat)
        .onCommand(RestartAfterFailure.class, this::restartAfterFailure)
        .onCommand(Resubmit.class, (state, resubmit) ->
            answerResubmit(state.record(), state.credentials(), resubmit, Optional.empty()))
        .onCommand(Observe.class, (state, observe) ->
            observe(state.record(), JobStatus.RUNNING, state.lastJobSeq(), state.budget(), state.subscribers(),
                state.credentials(), observe))
        .onCommand(OutputsStamped.class, this::outputsStamped)
        .onCommand(StampOverdue.class, this::stampOverdue)
        .onCommand(Unobserve.class, (state, unobserve) -> unobserve(state.subscribers(), unobserve))
        .onCommand(RotateCredential.class, this::rotateCredential)
        .onCommand(RotationAnswered.class, this::rotationAnswered)
        .onCommand(RetryRevocation.class, this::retryRevocation)
        .onCommand(RevocationAnswered.class, this::revocationAnswered)
        .onAnyCommand(command -> Effect().none());
    builder.forStateType(Ended.class)
        .onCommand(Start.class, (state, start) -> replyStarted(state))
        .onCommand(Cancel.class, this::cancelEnded)
        .onCommand(Resubmit.class, (state, resubmit) ->
            answerResubmit(state.record(), state.credentials(), resubmit, Optional.of(state.terminal())))
        .onCommand(Wake.class, (state, wake) -> {
          releaseSlot(state.record());
          publish(state, List.of(state.terminal()));
          settleFamily(state);
          revokeDue(state);
          return Effect().none();
        })
        .onCommand(TerminalStored.class, this::leaveIndex)
        .onCommand(RecallOutcome.class, (state, recall) -> {
          if (state.record().isDelegated()) {
            tellParent(state.record(), state.status(), state.terminal().payload());
          }
          return Effect().none();
        })
        .onCommand(ChildEnded.class, this::childEnded)
        .onCommand(ChildEndStored.class, (state, stored) -> {
          parentNotified = true;
          leaveRecoveryIndexWhenDone(state);
          return Effect().none();
        })
        .onCommand(Observe.class, (state, observe) -> observe(state.record(), state.status(),
            state.terminal().jobSeq(), state.budget(), state.subscribers(), state.credentials(), observe))
        .onCommand(Unobserve.class, (state, unobserve) -> unobserve(state.subscribers(), unobserve))
        .onCommand(TerminalIndexed.class, this::terminalIndexed)
        .onCommand(RotationAnswered.class, this::rotationAnswered)
        .onCommand(RetryRevocation.class, this::retryRevocation)
        .onCommand(RevocationAnswered.class, this::revocationAnswered)
        .onAnyCommand(command -> Effect().none());
    return builder.build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(NotSubmitted.class)
        .onEvent(Accepted.class, (state, accepted) ->
            new Pending(accepted.record(), Set.of(), CredentialLedger.NONE));
    builder.forStateType(Pending.class)
        .onEvent(CredentialsIssued.class, (state, issued) ->
            new Pending(state.record(), state.subscribers(), CredentialLedger.issued(issued.grants())))
        .onEvent(Launched.class, (state, launched) -> new Running(state.record(), 0, Optional.empty(), 0, false,
            Optional.empty(), state.subscribers(), Map.of(), Map.of(), state.credentials(), DelegationLog.NONE))
        .onEvent(CancelRequested.class, (state, requested) -> state)
        .onEvent(SubscriberAdded.class, (state, added) ->
            new Pending(state.record(), with(state.subscribers(), added.sessionId()), state.credentials()))
        .onEvent(SubscriberRemoved.class, (state, removed) ->
            new Pending(state.record(), without(state.subscribers(), removed.sessionId()), state.credentials()))
        .onEvent(JobEnded.class, (state, ended) -> ended(state.record(), ended, state.subscribers(),
            initialBudget(state.record()), Set.of(), state.credentials()));
    builder.forStateType(Running.class)
        .onEvent(EventEmitted.class, (state, emitted) -> state.advancedTo(emitted.jobSeq()))
        .onEvent(CheckpointSaved.class, (state, saved) -> state.withCheckpoint(saved.state(), saved.delegateCalls()))
        .onEvent(BudgetSpent.class, (state, spent) -> state.spending(spent.currency(), spent.amount()))
        .onEvent(Restarted.class, (state, restarted) -> state.withAttempt(restarted.attempt()))
        .onEvent(CancelRequested.class, (state, requested) -> state.cancelling(requested.reason()))
        .onEvent(SubscriberAdded.class, (state, added) ->
            state.withSubscribers(with(state.subscribers(), added.sessionId())))
        .onEvent(SubscriberRemoved.class, (state, removed) ->
            state.withSubscribers(without(state.subscribers(), removed.sessionId())))
        .onEvent(ChildDelegated.class, (state, delegated) ->
            state.delegating(delegated.child(), delegated.key(), delegated.fingerprint()))
        .onEvent(ChildFinished.class, (state, finished) -> state.childFinished(finished.childJobId()))
        .onEvent(CredentialEvent.class, (state, changed) -> state.withCredentials(changed.applyTo(state.credentials())))
        .onEvent(JobEnded.class, (state, ended) -> ended(state.record(), ended, state.subscribers(), state.budget(),
            state.openChildren().keySet(), state.credentials()));
    builder.forStateType(Ended.class)
        .onEvent(SubscriberRemoved.class, (state, removed) ->
            state.withSubscribers(without(state.subscribers(), removed.sessionId())))
        .onEvent(ChildFinished.class, (state, finished) -> state.childFinished(finished.childJobId()))
        .onEvent(CredentialEvent.class, (state, changed) ->
            state.withCredentials(changed.applyTo(state.credentials())));
    return builder.build();
  }

  private static Map<String, BigDecimal> initialBudget(JobRecord record) {
    return record.effectiveLease().budget().map(Budget::asMap).orElse(Map.of());
  }

  private static Ended ended(JobRecord record, JobEnded ended, Set<String> subscribers,
      Map<String, BigDecimal> budget, Set<String> openChildren, CredentialLedger credentials) {
    return new Ended(record, ended.status(), ended.output(record.jobId(), record.traceId()), subscribers, budget,
        openChildren, credentials);
  }

  private static Set<String> with(Set<String> set, String element) {
    Set<String> copy = new HashSet<>(set);
    copy.add(element);
    return copy;
  }

  private static Set<String> without(Set<String> set, String element) {
    Set<String> copy = new HashSet<>(set);
    copy.remove(element);
    return copy;
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .onSignal(PostStop.instance(), state -> stopAgent())
        .build();
  }

  private void recovered(State state) {
    if (state instanceof Pending pending) {
      index(pending.record(), JobStatus.PENDING);
      context.getSelf().tell(new Launch(pending.record().jobId()));
    } else if (state instanceof Running running) {
      index(running.record(), JobStatus.RUNNING);
      // A crash may have come between journaling a delegation and starting the child (Start is idempotent).
      running.openChildren().values().forEach(child -> services.job(child.jobId()).tell(new Start(child)));
      context.getSelf().tell(new RestartAfterFailure(running.record().jobId()));
      revokeDue(running);
    } else if (state instanceof Ended ended) {
      releaseSlot(ended.record());
      index(ended.record(), ended.status());
      publish(ended, List.of(ended.terminal()));
      settleFamily(ended);
      revokeDue(ended);
    }
  }

  // ---- acceptance -------------------------------------------------------------------------

  /**
   * Reserves the principal's job slot ({@code arcp.limits.max-concurrent-jobs-per-principal}) before
   * anything is journaled, so a refused job leaves nothing behind.
   */
  private Effect<Event, State> reserve(NotSubmitted state, Start start) {
    if (registering) {
      return Effect().none();
    }
    registering = true;
    JobRecord record = start.record();
    if (services.settings().maxConcurrentJobsPerPrincipal() == 0) {
      return register(state, new SlotAnswered(record, Optional.of(new SlotAnswer.Granted())));
    }
    context.ask(SlotAnswer.class, services.reservations(), ASK_TIMEOUT,
        replyTo -> new ReservationBatcher.Reserve(record.principal(), record.jobId(), replyTo),
        (answer, failure) -> new SlotAnswered(record, Optional.ofNullable(answer)));
    return Effect().none();
  }

  private Effect<Event, State> register(NotSubmitted state, SlotAnswered answered) {
    JobRecord record = answered.record();
    if (answered.answer().isEmpty()) {
      registering = false;
      // The reservation may have been journaled before the ask timed out.
      failStart(record);
      return Effect().none();
    }
    if (answered.answer().get() instanceof SlotAnswer.Refused refused) {
      ErrorPayload limit = LimitExceeded.jobs(refused.max());
      if (record.isDelegated()) {
        childNotStarted(record, limit);
      } else {
        services.session(record.sessionId()).tell(new SessionEntity.JobStartRefused(record.jobId(),
            Frames.errorPayloadOf(limit)));
      }
      return Effect().stop();
    }
    context.ask(Done.class, services.recoveryIndexFor(record.jobId()), ASK_TIMEOUT,
        replyTo -> new JobRecoveryIndex.Register(record.jobId(), replyTo),
        (done, failure) -> new Registered(record, failure == null));
    return Effect().none();
  }

  private Effect<Event, State> accept(NotSubmitted state, Registered registered) {
    JobRecord record = registered.record();
    if (!registered.ok()) {
      registering = false;
      failStart(record);
      return Effect().none();
    }
    if (credentials.issuedFor(record)) {
      // Issued before anything is journaled: no job.accepted without its credentials (spec 1.1 §9.8.2).
      credentials.issue(record, initialBudget(record));
      return Effect().none();
    }
    registering = false;
    return persistAccepted(record, List.of());
  }

  private Effect<Event, State> credentialsAnswered(NotSubmitted state, CredentialsAnswered answered) {
    registering = false;
    if (answered.grants().isEmpty()) {
      failStart(answered.record());
      return Effect().none();
    }
    return persistAccepted(answered.record(), answered.grants().get());
  }

  /** The submitter (or, for a delegated child, the parent) learns the job could not be started. */
  private void failStart(JobRecord record) {
    releaseSlot(record);
    if (record.isDelegated()) {
      childNotStarted(record, ErrorPayload.of(ErrorCode.INTERNAL_ERROR, "the delegated job could not be started"));
    } else {
      services.session(record.sessionId()).tell(new SessionEntity.JobStartFailed(record.jobId()));
    }
  }

  /** A delegated job that could not start ends, for its parent, with {@code error}. */
  private void childNotStarted(JobRecord record, ErrorPayload error) {
    tellParent(record, JobStatus.ERROR, Frames.payloadOf(new JobError(JobStatus.ERROR, error)));
  }

  private Effect<Event, State> persistAccepted(JobRecord record, List<CredentialGrant> grants) {
    List<Event> events = grants.isEmpty()
        ? List.of(new Accepted(record))
        : List.of(new Accepted(record), new CredentialsIssued(grants));
    return Effect().persist(events).thenRun(newState -> {
      grants.forEach(grant -> CredentialAudit.issued(record.jobId(), grant));
      index(record, JobStatus.PENDING);
      CredentialLedger issued = ((Pending) newState).credentials();
      if (record.isDelegated()) {
        services.session(record.sessionId()).tell(new SessionEntity.ChildAccepted(record.jobId(), record.traceId(),
            acceptedPayload(record, issued)));
      } else {
        replyStartedTo(record, issued);
      }
      context.getSelf().tell(new Launch(record.jobId()));
    });
  }

  private Effect<Event, State> replyStarted(State state) {
    replyStartedTo(recordOf(state), credentialsOf(state));
    return Effect().none();
  }

  private void replyStartedTo(JobRecord record, CredentialLedger ledger) {
    services.session(record.sessionId())
        .tell(new SessionEntity.JobStarted(record.jobId(), record.traceId(), acceptedPayload(record, ledger)));
  }

  /** {@code job.accepted}, with the current credentials (only the submitter is ever sent this). */
  private JsonNode acceptedPayload(JobRecord record, CredentialLedger ledger) {
    return Frames.payloadOf(record.accepted().withCredentials(credentials.presented(ledger)));
  }

  private Effect<Event, State> forgetStaleIndexEntry(NotSubmitted state, Wake wake) {
    if (registering) {
      return Effect().none();
    }
    services.recoveryIndexFor(wake.jobId()).tell(new JobRecoveryIndex.Unregister(wake.jobId()));
    return Effect().stop();
  }

  // ---- running ----------------------------------------------------------------------------

  private Effect<Event, State> launch(Pending state, Launch launch) {
    JobRecord record = state.record();
    EventEmitted running = emitted(1, StatusBody.of("running"));
    return Effect().persist(List.of(new Launched(services.clock().instant()), running))
        .thenRun(newState -> {
          index(record, JobStatus.RUNNING);
          startAgent((Running) newState);
          publish(newState, List.of(outputOf(record, running)));
        });
  }

  private Effect<Event, State> restartAfterFailure(Running state, RestartAfterFailure restart) {
    JobRecord record = state.record();
    Optional<Agent> agent = services.agents().agent(record.agentName());
    if (state.cancelRequested()) {
      return end(state, cancelled(state));
    }
    if (leaseHasExpired(record)) {
      // The lease ran out while the job's node was down: re-running it would act without authority.
      return endExpired(state);
    }
    if (agent.isEmpty() || !agent.get().restartable()) {
      return end(state, failure(state, JobStatus.ERROR, ErrorPayload.of(ErrorCode.INTERNAL_ERROR,
          "the node running this job stopped before the job finished")));
    }
    EventEmitted restarted = emitted(state.lastJobSeq() + 1,
        StatusBody.of("restarted", "the job was restarted after its node stopped"));
    return Effect().persist(List.of(new Restarted(state.attempt() + 1, services.clock().instant()), restarted))
        .thenRun(newState -> {
          startAgent((Running) newState);
          publish(newState, List.of(outputOf(record, restarted)));
        });
  }

  private void startAgent(Running state) {
    JobRecord record = state.record();
    record.expiresAt().ifPresent(at -> {
      Duration left = Duration.between(services.clock().instant(), at.plus(services.settings().leaseExpiryGrace()));
      timers.startSingleTimer(new LeaseExpired(record.jobId()), left.isNegative() ? Duration.ZERO : left);
    });
    if (leaseHasExpired(record)) {
      return;
    }
    Optional<Agent> agent = services.agents().agent(record.agentName());
    if (agent.isEmpty()) {
      context.getLog().error("agent {} of job {} is no longer registered", record.agentName(), record.jobId());
      context.getSelf().tell(new RestartAfterFailure(record.jobId()));
      return;
    }
    run = new AgentRun(++runCounter, record, agent.get(), state.attempt(), state.checkpoint(), state.spent(),
        state.delegations(),
        context.getSelf(), services.clock(), services.settings().resultStreamMaxTotalBytes(),
        services.settings().modelUseRequiresGrant(), services.agents());
    record.maxRuntimeSec().ifPresent(limit -> {
      Duration left = Duration.between(services.clock().instant(), record.acceptedAt().plusSeconds(limit));
      timers.startSingleTimer(new MaxRuntimeReached(record.jobId()), left.isNegative() ? Duration.ZERO : left);
    });
    agent.get().heartbeatTimeout().ifPresent(timeout ->
        timers.startTimerWithFixedDelay(new HeartbeatCheck(record.jobId()), timeout));
    run.useCredentials(credentials.presented(state.credentials()));
    state.credentials().current().forEach(credentials::scheduleRotation);
    run.start(services.agentExecutor());
  }

  private Effect<Event, State> drain(Running state, Drain drain) {
    if (run == null || run.runId() != drain.runId()) {
      return Effect().none();
    }
    AgentRun current = run;
    JobRecord record = state.record();
    List<AgentOutput> batch = current.drain(DRAIN_BATCH);
    Optional<Budget> budget = current.leaseBudget();
    List<Event> events = new ArrayList<>();
    List<JobOutput> outputs = new ArrayList<>();
    List<JobRecord> children = new ArrayList<>();
    int emittedEvents = 0;
    long seq = state.lastJobSeq();
    for (AgentOutput output : batch) {
      if (output instanceof AgentOutput.Event event) {
        emittedEvents++;
        if (!state.cancelRequested()) {
          budget.flatMap(initial -> BudgetLedger.spendOf(event.body(), initial))
              .ifPresent(spend -> events.add(new BudgetSpent(spend.getKey(), spend.getValue())));
          EventEmitted emitted = new EventEmitted(++seq,
              Frames.payloadOf(new JobEventMessage(event.ts(), event.body())));
          events.add(emitted);
          outputs.add(outputOf(record, emitted));
        }
      } else if (output instanceof AgentOutput.Checkpoint checkpoint) {
        events.add(new CheckpointSaved(checkpoint.state(), checkpoint.delegateCalls()));
      } else if (output instanceof AgentOutput.Delegated delegated) {
        if (!state.cancelRequested()) {
          events.add(new ChildDelegated(delegated.child(), delegated.key(), delegated.fingerprint()));
          children.add(delegated.child());
        }
      } else if (output instanceof AgentOutput.Redelegated redelegated) {
        services.job(redelegated.childJobId()).tell(new RecallOutcome());
      } else {
        JobEnded ended = state.cancelRequested()
            ? cancelled(state.advancedTo(seq))
            : outcome(state.advancedTo(seq), output);
        events.add(ended);
        break;
      }
    }
    int released = emittedEvents;
    long lastJobSeq = outputs.isEmpty() ? 0 : outputs.get(outputs.size() - 1).jobSeq();
    if (events.isEmpty()) {
      current.journaled(released, 0);
      return Effect().none();
    }
    return Effect().persist(events).thenRun(newState -> {
      current.journaled(released, lastJobSeq);
      children.forEach(child -> services.job(child.jobId()).tell(new Start(child)));
      if (current.awaitsStamp() && !timers.isTimerActive(new StampOverdue(current.runId()))) {
        timers.startSingleTimer(new StampOverdue(current.runId()), STAMP_OVERDUE);
      }
      if (newState instanceof Ended ended) {
        finish(ended, outputs);
      } else {
        publish(newState, outputs);
        if (current.hasQueuedOutput()) {
          context.getSelf().tell(new Drain(current.runId()));
        }
      }
    });
  }

  private Effect<Event, State> outputsStamped(Running state, OutputsStamped stamped) {
    if (run != null) {
      run.stamped(stamped.jobSeq());
      timers.cancel(new StampOverdue(run.runId()));
      if (run.awaitsStamp()) {
        timers.startSingleTimer(new StampOverdue(run.runId()), STAMP_OVERDUE);
      }
    }
    return Effect().none();
  }

  /**
   * The owning session stamped nothing for a while (it may be moving between nodes, or the
   * confirmation was lost): the agent goes on, and the session repairs any gap from the journal.
   */
  private Effect<Event, State> stampOverdue(Running state, StampOverdue overdue) {
    if (run != null && run.runId() == overdue.runId() && run.awaitsStamp()) {
      context.getLog().debug("session {} has not confirmed job {}'s outputs; releasing its agent",
          state.record().sessionId(), state.record().jobId());
      run.stopAwaitingStamp();
    }
    return Effect().none();
  }

  private JobEnded outcome(Running state, AgentOutput output) {
    if (output instanceof AgentOutput.Completed completed) {
      return new JobEnded(JobStatus.SUCCESS, state.lastJobSeq() + 1, "job.result",
          Frames.payloadOf(completed.result()));
    }
    return failure(state, JobStatus.ERROR, ((AgentOutput.Failed) output).error());
  }

  private Effect<Event, State> checkHeartbeat(Running state, HeartbeatCheck check) {
    Optional<Duration> timeout = services.agents().agent(state.record().agentName())
        .flatMap(Agent::heartbeatTimeout);
    if (run == null || timeout.isEmpty()) {
      return Effect().none();
    }
    Duration silent = Duration.ofNanos(System.nanoTime() - run.lastSignalNanos());
    if (silent.compareTo(timeout.get().multipliedBy(services.settings().missedHeartbeatsAllowed())) <= 0) {
      return Effect().none();
    }
    return end(state, failure(state, JobStatus.ERROR, ErrorPayload.of(ErrorCode.HEARTBEAT_LOST,
        "the agent sent no heartbeat for " + silent.toMillis() + " ms")));
  }

  // ---- cancellation -----------------------------------------------------------------------

  private Effect<Event, State> cancelPending(Pending state, Cancel cancel) {
    Optional<CancelOutcome> refusal = refusal(state.record(), cancel);
    if (refusal.isPresent()) {
      return answerCancel(cancel, refusal.get());
    }
    return endPendingCancelled(state, cancel.reason(), () -> answerCancelTo(cancel, CancelOutcome.ACCEPTED));
  }

  private Effect<Event, State> endPendingCancelled(Pending state, Optional<String> reason, Runnable accepted) {
    JobEnded ended = new JobEnded(JobStatus.CANCELLED, 1, "job.error", Frames.payloadOf(new JobError(
        JobStatus.CANCELLED, ErrorPayload.of(ErrorCode.CANCELLED, reason.orElse("cancelled by the client")))));
    return Effect().persist(List.of(new CancelRequested(reason, services.clock().instant()), ended))
        .thenRun(newState -> {
          accepted.run();
          finish((Ended) newState, List.of());
        });
  }

  private Effect<Event, State> cancelRunning(Running state, Cancel cancel) {
    Optional<CancelOutcome> refusal = refusal(state.record(), cancel);
    if (refusal.isPresent()) {
      return answerCancel(cancel, refusal.get());
    }
    return requestCancel(state, cancel.reason(), () -> answerCancelTo(cancel, CancelOutcome.ACCEPTED));
  }

  private Effect<Event, State> requestCancel(Running state, Optional<String> reason, Runnable accepted) {
    if (state.cancelRequested()) {
      return Effect().none();
    }
    return Effect().persist(new CancelRequested(reason, services.clock().instant()))
        .thenRun(newState -> {
          accepted.run();
          if (run != null) {
            run.cancel();
          }
          timers.startSingleTimer(new CancelGraceOver(state.record().jobId()), services.settings().cancelGrace());
        });
  }

  private Effect<Event, State> cancelEnded(Ended state, Cancel cancel) {
    return answerCancel(cancel, refusal(state.record(), cancel).orElse(CancelOutcome.ALREADY_ENDED));
  }

  /** Another principal learns nothing; the same principal from another session may not cancel. */
  private static Optional<CancelOutcome> refusal(JobRecord record, Cancel cancel) {
    if (!record.principal().equals(cancel.principal())) {
      return Optional.of(CancelOutcome.NOT_FOUND);
    }
    if (!record.sessionId().equals(cancel.sessionId())) {
      return Optional.of(CancelOutcome.DENIED);
    }
    return Optional.empty();
  }

  private Effect<Event, State> answerCancel(Cancel cancel, CancelOutcome outcome) {
    answerCancelTo(cancel, outcome);
    return Effect().none();
  }

  private void answerCancelTo(Cancel cancel, CancelOutcome outcome) {
    services.session(cancel.sessionId()).tell(new SessionEntity.CancelAnswer(entityContext.getEntityId(), outcome));
  }

  private static JobEnded cancelled(Running state) {
    return new JobEnded(JobStatus.CANCELLED, state.lastJobSeq() + 1, "job.error", Frames.payloadOf(new JobError(
        JobStatus.CANCELLED,
        ErrorPayload.of(ErrorCode.CANCELLED, state.cancelReason().orElse("cancelled by the client")))));
  }

  private static JobEnded timedOut(Running state) {
    return failure(state, JobStatus.TIMED_OUT, ErrorPayload.of(ErrorCode.TIMEOUT,
        "the job exceeded max_runtime_sec=" + state.record().maxRuntimeSec().orElse(0L)));
  }

  /** Ends the job for its expired lease, with an audit record (spec 1.1 §14). */
  private Effect<Event, State> endExpired(Running state) {
    return Effect().persist(leaseExpired(state)).thenRun(newState -> {
      JobRecord record = state.record();
      AuditLog.leaseExpired(record.principal(), record.jobId(), record.expiresAt().orElseThrow(),
          services.clock().instant());
      finish((Ended) newState, List.of());
    });
  }

  /** {@code job.error LEASE_EXPIRED} ({@code final_status: "error"}, never retryable). */
  private static JobEnded leaseExpired(Running state) {
    return failure(state, JobStatus.ERROR, ErrorPayload.of(ErrorCode.LEASE_EXPIRED,
        "the lease expired at " + state.record().expiresAt().map(Object::toString).orElse("?")));
  }

  private boolean leaseHasExpired(JobRecord record) {
    return record.expiresAt().filter(at -> !services.clock().instant().isBefore(at)).isPresent();
  }

  private static JobEnded failure(Running state, JobStatus status, ErrorPayload error) {
    return new JobEnded(status, state.lastJobSeq() + 1, "job.error", Frames.payloadOf(new JobError(status, error)));
  }

  // ---- ending -----------------------------------------------------------------------------

  private Effect<Event, State> end(Running state, JobEnded ended) {
    return Effect().persist(ended).thenRun(newState -> finish((Ended) newState, List.of()));
  }

  private void finish(Ended ended, List<JobOutput> before) {
    timers.cancelAll();
    credentials.timersCancelled();
    stopAgent();
    releaseSlot(ended.record());
    settleFamily(ended);
    List<JobOutput> outputs = new ArrayList<>(before);
    outputs.add(ended.terminal());
    index(ended.record(), ended.status());
    publish(ended, outputs);
    revokeDue(ended);
  }

  /** Idempotent: also sent whenever an ended job recovers or is woken, in case a crash lost it. */
  private void releaseSlot(JobRecord record) {
    if (services.settings().maxConcurrentJobsPerPrincipal() > 0) {
      services.principalJobs(record.principal()).tell(new PrincipalJobs.Release(record.jobId()));
    }
  }

  private void stopAgent() {
    if (run != null) {
      run.cancel();
      run = null;
    }
  }

  private Effect<Event, State> leaveIndex(Ended state, TerminalStored stored) {
    terminalStored = true;
    leaveRecoveryIndexWhenDone(state);
    return Effect().none();
  }

  private Effect<Event, State> terminalIndexed(Ended state, TerminalIndexed indexed) {
    if (!indexed.stored()) {
      index(state.record(), state.status());
      return Effect().none();
    }
    terminalIndexed = true;
    leaveRecoveryIndexWhenDone(state);
    return Effect().none();
  }

  /**
   * A finished job stays in the recovery index (and in memory) until its session stored the terminal
   * frame, the listing index stored its terminal row, every credential is revoked or given up on, its
   * parent (if delegated) stored its end and its own children ended, so that after a crash the
   * sweeper wakes it to redo what is missing.
   */
  private void leaveRecoveryIndexWhenDone(Ended state) {
    if (terminalStored && terminalIndexed && state.credentials().settled()
        && (parentNotified || !state.record().isDelegated()) && state.openChildren().isEmpty()) {
      String jobId = state.record().jobId();
      services.recoveryIndexFor(jobId).tell(new JobRecoveryIndex.Unregister(jobId));
      entityContext.getShard().tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
  }

  // ---- delegation -------------------------------------------------------------------------

  /**
   * Tells an ended job's family what they are waiting for: its parent that it ended, its children
   * still open that they are to stop. Repeated on recovery and on every wake until acknowledged.
   */
  private void settleFamily(Ended ended) {
    if (ended.record().isDelegated()) {
      tellParent(ended.record(), ended.status(), ended.terminal().payload());
    }
    ended.openChildren().forEach(child -> services.job(child).tell(new ParentEnded(ended.record().jobId())));
  }

  private void tellParent(JobRecord child, JobStatus status, JsonNode payload) {
    services.job(child.parentJobId().orElseThrow()).tell(new ChildEnded(child.jobId(), status, payload));
  }

  /** Why a child is cancelled when its parent ends. */
  private static String parentEnded(ParentEnded ended) {
    return "the parent job " + ended.parentJobId() + " ended";
  }

  /** A child that never started (its start was lost in a crash) is closed for its parent. */
  private Effect<Event, State> parentEndedBeforeStart(NotSubmitted state, ParentEnded ended) {
    if (registering) {
      return Effect().none();
    }
    services.job(ended.parentJobId()).tell(new ChildEnded(entityContext.getEntityId(), JobStatus.CANCELLED,
        Frames.payloadOf(new JobError(JobStatus.CANCELLED, ErrorPayload.of(ErrorCode.CANCELLED,
            parentEnded(ended))))));
    return Effect().stop();
  }

  /**
   * Journals a child's end (once), hands the outcome to a running agent (also when recalled for a
   * restarted one) and acknowledges it.
   */
  private Effect<Event, State> childEnded(State state, ChildEnded ended) {
    if (!openChildrenOf(state).contains(ended.childJobId())) {
      handOverAndAcknowledge(ended);
      return Effect().none();
    }
    return Effect().persist(new ChildFinished(ended.childJobId(), ended.status())).thenRun(newState -> {
      handOverAndAcknowledge(ended);
      if (newState instanceof Ended finished) {
        leaveRecoveryIndexWhenDone(finished);
      }
    });
  }

  private void handOverAndAcknowledge(ChildEnded ended) {
    if (run != null) {
      run.childEnded(ended.childJobId(), new ChildOutcome(ended.status(), ended.payload()));
    }
    services.job(ended.childJobId()).tell(new ChildEndStored(ended.childJobId()));
  }

  private static Set<String> openChildrenOf(State state) {
    if (state instanceof Running running) {
      return running.openChildren().keySet();
    }
    return state instanceof Ended ended ? ended.openChildren() : Set.of();
  }

  // ---- listing ----------------------------------------------------------------------------

  /** Reports this job's row to the listing index; a terminal row is confirmed (see above). */
  private void index(JobRecord record, JobStatus status) {
    if (!status.isTerminal()) {
      services.listing().report(record, status);
      return;
    }
    JobIndexRow row = JobIndexRow.of(record, status);
    context.ask(Done.class, services.listing().writer(), ASK_TIMEOUT,
        replyTo -> new JobIndexWriter.Upsert(row, Optional.of(replyTo)),
        (done, failure) -> new TerminalIndexed(record.jobId(), failure == null));
  }

  // ---- publishing and observation ---------------------------------------------------------

  /** Sends outputs to the owning session and to every subscribed session. */
  private void publish(State state, List<JobOutput> outputs) {
    if (outputs.isEmpty()) {
      return;
    }
    JobRecord record = recordOf(state);
    services.session(record.sessionId()).tell(new SessionEntity.JobOutputs(record.jobId(), outputs, false));
    SessionEntity.Command toSubscribers = outputs.size() <= MAX_PUSHED_TO_SUBSCRIBERS
        ? new SessionEntity.JobOutputs(record.jobId(), outputs, true)
        : new SessionEntity.JobProgressed(record.jobId(), record.traceId(), outputs.get(outputs.size() - 1).jobSeq());
    subscribersOf(state).forEach(subscriber -> services.session(subscriber).tell(toSubscribers));
  }

  private static JobRecord recordOf(State state) {
    if (state instanceof Pending pending) {
      return pending.record();
    }
    if (state instanceof Running running) {
      return running.record();
    }
    if (state instanceof Ended ended) {
      return ended.record();
    }
    throw new IllegalStateException("a job that was never accepted has no outputs");
  }

  private static Set<String> subscribersOf(State state) {
    if (state instanceof Pending pending) {
      return pending.subscribers();
    }
    if (state instanceof Running running) {
      return running.subscribers();
    }
    return state instanceof Ended ended ? ended.subscribers() : Set.of();
  }

  private static CredentialLedger credentialsOf(State state) {
    if (state instanceof Pending pending) {
      return pending.credentials();
    }
    if (state instanceof Running running) {
      return running.credentials();
    }
    return state instanceof Ended ended ? ended.credentials() : CredentialLedger.NONE;
  }

  private Effect<Event, State> observe(JobRecord record, JobStatus status, long lastJobSeq,
      Map<String, BigDecimal> budget, Set<String> subscribers, CredentialLedger ledger, Observe observe) {
    if (!services.settings().observers().mayObserve(observe.principal(), record.principal())) {
      observe.replyTo().tell(new Observation.Denied(record.principal()));
      return Effect().none();
    }
    // Credentials follow the submitting principal only (spec 1.1 §7.6, §14).
    List<Credential> visible = observe.principal().equals(record.principal()) ? credentials.presented(ledger) : List.of();
    Observation granted = Observation.granted(record, status, lastJobSeq, budget, visible);
    boolean register = observe.live() && !status.isTerminal() && !observe.sessionId().equals(record.sessionId())
        && !subscribers.contains(observe.sessionId());
    if (!register) {
      observe.replyTo().tell(granted);
      return Effect().none();
    }
    return Effect().persist(new SubscriberAdded(observe.sessionId()))
        .thenRun(newState -> observe.replyTo().tell(granted));
  }

  private Effect<Event, State> observeUnknown(NotSubmitted state, Observe observe) {
    observe.replyTo().tell(new Observation.Unknown());
    return registering ? Effect().none() : Effect().stop();
  }

  private Effect<Event, State> unobserve(Set<String> subscribers, Unobserve unobserve) {
    return subscribers.contains(unobserve.sessionId())
        ? Effect().persist(new SubscriberRemoved(unobserve.sessionId()))
        : Effect().none();
  }

  private Effect<Event, State> answerResubmit(JobRecord record, CredentialLedger ledger, Resubmit resubmit,
      Optional<JobOutput> terminal) {
    Optional<JsonNode> accepted = record.principal().equals(resubmit.principal())
        ? Optional.of(acceptedPayload(record, ledger))
        : Optional.empty();
    services.session(resubmit.sessionId()).tell(new SessionEntity.ResubmitAnswer(
        record.jobId(), Optional.of(record.traceId()), accepted, accepted.isPresent() ? terminal : Optional.empty()));
    return Effect().none();
  }

  private Effect<Event, State> answerResubmitNotFound(Resubmit resubmit) {
    services.session(resubmit.sessionId()).tell(new SessionEntity.ResubmitAnswer(
        entityContext.getEntityId(), Optional.empty(), Optional.empty(), Optional.empty()));
    return Effect().none();
  }

  // ---- credentials (spec 1.1 §9.8) ---------------------------------------------------------

  private Effect<Event, State> rotateCredential(Running state, RotateCredential rotate) {
    state.credentials().currentOf(rotate.credentialId())
        .ifPresent(grant -> credentials.rotate(state.record(), state.budget(), grant));
    return Effect().none();
  }

  /**
   * Journals a new generation, tells the submitter's session alone (never the job's journal, which
   * subscribers replay), hands it to the agent and revokes the previous one. A generation that
   * arrives after the job ended is journaled too, and revoked with the rest.
   */
  private Effect<Event, State> rotationAnswered(State state, RotationAnswered answered) {
    Optional<CredentialGrant> current = credentialsOf(state).currentOf(answered.credentialId());
    if (answered.next().isEmpty()) {
      if (state instanceof Running && !answered.permanentFailure()) {
        credentials.retryRotation(answered.credentialId());
      }
      return Effect().none();
    }
    if (current.isEmpty() || current.get().generation() != answered.fromGeneration()) {
      return Effect().none();
    }
    CredentialGrant next = answered.next().get();
    JobRecord record = recordOf(state);
    return Effect().persist(new CredentialRotated(next)).thenRun(newState -> {
      CredentialAudit.rotated(record.jobId(), next);
      if (newState instanceof Running running) {
        Credential credential = credentials.presented(next);
        services.session(record.sessionId()).tell(new SessionEntity.CredentialRotated(record.jobId(),
            record.traceId(), credential.id(), credential.value()));
        if (run != null) {
          run.useCredentials(credentials.presented(running.credentials()));
        }
        credentials.scheduleRotation(next);
      }
      revokeDue(newState);
    });
  }

  /** Revokes what is due: every unrevoked generation once the job ended, else those rotated away. */
  private void revokeDue(State state) {
    credentials.revokeDue(credentialsOf(state), state instanceof Ended);
  }

  private Effect<Event, State> retryRevocation(State state, RetryRevocation retry) {
    unrevoked(state, retry.credentialId(), retry.generation()).ifPresent(credentials::retry);
    return Effect().none();
  }

  /**
   * Journals a revocation (or its permanent failure, reported to operators), or retries a transient
   * failure after a doubling back-off; a job whose credentials are all settled may leave the index.
   */
  private Effect<Event, State> revocationAnswered(State state, RevocationAnswered answered) {
    Optional<CredentialGrant> unrevoked = unrevoked(state, answered.credentialId(), answered.generation());
    if (unrevoked.isEmpty()) {
      return Effect().none();
    }
    CredentialGrant grant = unrevoked.get();
    String jobId = recordOf(state).jobId();
    if (answered.outcome() == RevocationOutcome.TRANSIENT_FAILURE) {
      credentials.failedTransiently(jobId, grant, answered.reason());
      return Effect().none();
    }
    credentials.settled(grant);
    Event settled = answered.outcome() == RevocationOutcome.REVOKED
        ? new CredentialRevoked(grant.id(), grant.generation())
        : new CredentialAbandoned(grant.id(), grant.generation(), answered.reason());
    return Effect().persist(settled).thenRun(newState -> {
      if (settled instanceof CredentialRevoked) {
        CredentialAudit.revoked(jobId, grant);
      } else {
        CredentialAudit.unrevocable(jobId, grant, answered.reason());
      }
      if (newState instanceof Ended ended) {
        leaveRecoveryIndexWhenDone(ended);
      }
    });
  }

  private static Optional<CredentialGrant> unrevoked(State state, String credentialId, int generation) {
    return credentialsOf(state).unrevoked().stream()
        .filter(grant -> grant.sameGeneration(credentialId, generation)).findFirst();
  }

  private EventEmitted emitted(long jobSeq, StatusBody body) {
    return new EventEmitted(jobSeq, Frames.payloadOf(new JobEventMessage(services.clock().instant(), body)));
  }

  private static JobOutput outputOf(JobRecord record, EventEmitted emitted) {
    return emitted.output(record.jobId(), record.traceId());
  }
}
