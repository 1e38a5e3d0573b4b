package dev.arcpekko.runtime.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.DecodeResult;
import dev.arcpekko.protocol.Envelope;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.ids.TraceId;
import dev.arcpekko.protocol.event.StatusBody;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.Capabilities;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobCancel;
import dev.arcpekko.protocol.message.JobCancelled;
import dev.arcpekko.protocol.message.JobEventMessage;
import dev.arcpekko.protocol.message.JobSubmit;
import dev.arcpekko.protocol.message.JobSubscribe;
import dev.arcpekko.protocol.message.JobSubscribed;
import dev.arcpekko.protocol.message.JobUnsubscribe;
import dev.arcpekko.protocol.message.Message;
import dev.arcpekko.protocol.message.RuntimeInfo;
import dev.arcpekko.protocol.message.SessionAck;
import dev.arcpekko.protocol.message.SessionListJobs;
import dev.arcpekko.protocol.message.SessionWelcome;
import dev.arcpekko.protocol.message.VendorMessage;
import dev.arcpekko.runtime.JsonSerializable;
import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.agent.AgentRegistry.Resolution;
import dev.arcpekko.runtime.auth.AuditLog;
import dev.arcpekko.runtime.idempotency.IdempotencyEntity;
import dev.arcpekko.runtime.idempotency.SubmitFingerprint;
import dev.arcpekko.runtime.job.JobEntity;
import dev.arcpekko.runtime.job.JobOutput;
import dev.arcpekko.runtime.job.JobRecord;
import dev.arcpekko.runtime.job.Observation;
import dev.arcpekko.runtime.lease.LeaseCaps;
import dev.arcpekko.runtime.listing.JobListing;
import dev.arcpekko.runtime.transport.ConnectionActor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One ARCP session: a sharded, event-sourced entity keyed by session id. It is the only place that
 * assigns {@code event_seq}; every seq-bearing frame is journaled (the resume buffer) before it is
 * delivered to whichever connection is attached. It authenticates resumes against the hash of the
 * current resume token, owns its jobs (submit, cancel, idempotency) and answers submits in the
 * order they arrived. It also observes other sessions' jobs ({@code job.subscribe}): their
 * history and any gap in live delivery are read back from the job's journal by a
 * {@link JobCatchUp} reader paced by what the transport has written.
 */
public final class SessionEntity
    extends EventSourcedBehavior<SessionEntity.Command, SessionEntity.Event, SessionEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Session");
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration OBSERVE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REPAIR_RETRY = Duration.ofSeconds(1);

  /** Messages a session understands. */
  public sealed interface Command extends JsonSerializable {}

  /** A new connection authenticated as {@code principal} opens this (fresh) session. */
  public record Open(String principal, List<String> features, ActorRef<ConnectionActor.Command> connection)
      implements Command {}

  /**
   * A connection resumes this session with a token and the last seq its client saw; the principal
   * is empty when the token alone authenticates; {@code features} is what the resuming hello
   * negotiated, empty for a {@code session.resume}, which keeps the features the session had.
   */
  public record Resume(String presentedToken, long lastEventSeq, Optional<String> principal,
      Optional<List<String>> features, ActorRef<ConnectionActor.Command> connection) implements Command {}

  /** The attached connection lost this entity (moved or restarted) and attaches again. */
  public record Reattach(long lastDeliveredSeq, ActorRef<ConnectionActor.Command> connection) implements Command {}

  /** A client frame for the session, as received. */
  public record ClientFrame(String text, ActorRef<ConnectionActor.Command> connection) implements Command {}

  /** The connection is gone (closed, lost heartbeat, replaced). */
  public record Detach(ActorRef<ConnectionActor.Command> connection) implements Command {}

  /** A job accepted a submit of this session. */
  public record JobStarted(String jobId, String traceId, JsonNode acceptedPayload) implements Command {
    /** The payload may carry credentials: never printed. */
    @Override
    public String toString() {
      return "JobStarted[jobId=" + jobId + ", traceId=" + traceId + "]";
    }
  }

  /**
   * A job delegated by one of this session's jobs was accepted: its {@code job.accepted} goes out,
   * after the answer to a submit that is still pending (the TypeScript client binds an acceptance
   * to its oldest pending submit).
   */
  public record ChildAccepted(String jobId, String traceId, JsonNode acceptedPayload) implements Command {
    /** The payload may carry credentials: never printed. */
    @Override
    public String toString() {
      return "ChildAccepted[jobId=" + jobId + ", traceId=" + traceId + "]";
    }
  }

  /** A job could not be started. */
  public record JobStartFailed(String jobId) implements Command {}

  /** A job refused to start ({@code error} is the error payload, e.g. a per-principal limit). */
  public record JobStartRefused(String jobId, JsonNode error) implements Command {}

  /** Journaled frames of a job owned by this session, in job order. */
  public record JobOutputs(String jobId, List<JobOutput> outputs, boolean observed) implements Command {}

  /** A subscribed job journaled outputs up to {@code jobSeq}; the session reads them from the journal. */
  public record JobProgressed(String jobId, String traceId, long jobSeq) implements Command {}

  /** How a job answered a cancel. */
  public enum CancelOutcome { ACCEPTED, ALREADY_ENDED, NOT_FOUND, DENIED }

  /** A job's answer to this session's cancel. */
  public record CancelAnswer(String jobId, CancelOutcome outcome) implements Command {}

  /** A job's answer to an idempotent resubmit; {@code accepted} is empty when the job is unknown. */
  public record ResubmitAnswer(String jobId, Optional<String> traceId, Optional<JsonNode> accepted,
      Optional<JobOutput> terminal) implements Command {
    /** The acceptance may carry credentials: never printed. */
    @Override
    public String toString() {
      return "ResubmitAnswer[jobId=" + jobId + ", accepted=" + accepted.isPresent() + "]";
    }
  }

  /**
   * An own job rotated a credential (spec 1.1 §9.8.2): a {@code status credential_rotated} event for
   * this session alone, stamped in its seq space, never in the job's journal.
   */
  public record CredentialRotated(String jobId, String traceId, String credentialId, String value)
      implements Command {
    @Override
    public String toString() {
      return "CredentialRotated[jobId=" + jobId + ", credentialId=" + credentialId + ", value=<redacted>]";
    }
  }

  record ClaimAnswered(String jobId, Optional<IdempotencyEntity.ClaimResult> result) implements Command {}

  record SubmitTimedOut(String jobId) implements Command {}

  /**
   * Asked of a job's owner session for a subscriber's {@code from_event_seq}: the job-local seq
   * after which the job's frames were stamped above {@code afterSeq} (see {@link SeqLocated}).
   */
  public record LocateSeq(String jobId, long afterSeq, ActorRef<SeqLocated> replyTo) implements Command {}

  /** The answer to {@link LocateSeq}; empty when the owner's buffer no longer reaches back that far. */
  public record SeqLocated(OptionalLong cursor) implements JsonSerializable {}

  /** The attached transport has written every frame up to {@code seq}. */
  public record Written(long seq) implements Command {}

  record Observed(String jobId, boolean history, long fromEventSeq, Optional<Observation> answer)
      implements Command {}

  record Located(Observation.Granted granted, OptionalLong cursor) implements Command {}

  record Reobserved(String jobId, Optional<Observation> answer) implements Command {}

  record RetryRepair(String jobId) implements Command {}

  /** A batch of a job's journaled outputs from a {@link JobCatchUp} reader. */
  record Replayed(String jobId, long readerId, List<JobOutput> outputs, ActorRef<ReplayAck> ackTo)
      implements Command {}

  record ReplayStarted(String jobId, long readerId, ActorRef<ReplayAck> ackTo) implements Command {}

  record ReplayEnded(String jobId, long readerId, boolean failed) implements Command {}

  /** A reader may send its next batch. */
  enum ReplayAck { INSTANCE }
  /** A page for {@code session.list_jobs} {@code requestId} was read; empty when the index failed. */
  record JobsListed(String requestId, Optional<String> frame) implements Command {}

  /** Journaled facts of a session. */
  public sealed interface Event extends JsonSerializable {}

  public record Opened(String principal, List<String> features, String tokenHash, Instant at) implements Event {}

  public record Resumed(String tokenHash, List<String> features, Instant at) implements Event {}

  /** A seq-bearing frame as sent; {@code jobId} is empty and {@code jobSeq} 0 for runtime frames. */
  public record Stamped(long seq, String jobId, long jobSeq, String frame, Instant at) implements Event {}

  public record Acked(long seq, Instant at) implements Event {}

  public record Detached(Instant at) implements Event {}

  public record SubscriptionStarted(String jobId, String traceId, long cursor) implements Event {}

  public record SubscriptionEnded(String jobId) implements Event {}

  /** The session's state: never opened, or its {@link SessionLog}. */
  public sealed interface State permits Unopened, SessionLog {}

  /** No hello ever opened this id. */
  public record Unopened() implements State {}

  /** Job {@code jobId}'s outputs up to {@code jobSeq}, stamped up to session seq {@code seq}. */
  private record AwaitedWrite(String jobId, long jobSeq, long seq) {}

  /** A submit waiting for its job (or idempotency claim); later client frames wait behind it. */
  private record PendingSubmit(String requestId, JobRecord record) {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final RuntimeServices services;
  private final String sessionId;
  private ActorRef<ConnectionActor.Command> connection;
  private PendingSubmit pending;
  /** Acceptances of delegated children that wait for the pending submit's answer. */
  private final List<ChildAccepted> childrenAwaitingPending = new ArrayList<>();
  private final JobCatchUp catchUp;
  /**
   * The last seq stamped, the last handed to the transport, the last it reported written, and
   * (seq, length) of the frames handed but not written (node-local).
   */
  private long stampedSeq;
  private long deliveredSeq;
  private long writtenSeq;
  private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
  private long inFlightBytes;
  /** Whether the transport is being handed a backlog (paced) rather than live frames (at once). */
  private boolean backlog;
  /** Own jobs' outputs waiting for the transport to write their frames before the job is told. */
  private final ArrayDeque<AwaitedWrite> awaitingWrite = new ArrayDeque<>();
  /** The job the latest non-terminal frame belonged to: back-pressure signals travel on it. */
  private String liveJobId;
  private String liveTraceId;
  private boolean backPressureSignalled;
  /**
   * Frames that carry a credential value, by seq: the journal holds them without the value, the
   * transport gets them with it (until acknowledged; a session restarted meanwhile sends them
   * without it).
   */
  private final Map<Long, String> secretFrames = new HashMap<>();

  private SessionEntity(ActorContext<Command> context, TimerScheduler<Command> timers, String sessionId,
      RuntimeServices services) {
    super(PersistenceId.of(TYPE_KEY.name(), sessionId));
    this.context = context;
    this.timers = timers;
    this.sessionId = sessionId;
    this.services = services;
    this.catchUp = JobCatchUp.streaming(services, context.getSelf(),
        () -> stampedSeq - writtenSeq < services.settings().replayWindowFrames());
  }

  /** The behaviour of the session entity {@code entityContext} names. */
  public static Behavior<Command> create(EntityContext<Command> entityContext, RuntimeServices services) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new SessionEntity(context, timers, entityContext.getEntityId(), services)));
  }

  @Override
  public State emptyState() {
    return new Unopened();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public SnapshotAdapter<State> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(State state) {
        return ((SessionLog) state).snapshot();
      }

      @Override
      public State fromJournal(Object from) {
        return new SessionLog((SessionLog.Snapshot) from);
      }
    };
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .onSignal(PostStop.instance(), state -> catchUp.stopAll())
        .build();
  }

  /** Re-registers with every subscribed job and repairs what was missed while the session was away. */
  private void recovered(State state) {
    if (state instanceof SessionLog log) {
      stampedSeq = log.lastSeq();
      deliveredSeq = log.lastSeq();
      writtenSeq = log.lastSeq();
      log.subscriptions().keySet().forEach(jobId -> observe(log, jobId,
          (answer, failure) -> new Reobserved(jobId, Optional.ofNullable(answer))));
    }
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerBuilder();
    builder.forStateType(Unopened.class)
        .onCommand(Open.class, this::open)
        .onCommand(Resume.class, (state, resume) -> refuseResume(resume.connection()))
        .onCommand(Reattach.class, (state, reattach) -> refuseResume(reattach.connection()))
        .onCommand(LocateSeq.class, (state, locate) -> {
          locate.replyTo().tell(new SeqLocated(OptionalLong.empty()));
          return Effect().none();
        })
        .onAnyCommand(command -> Effect().none());
    builder.forStateType(SessionLog.class)
        .onCommand(Open.class, (log, open) -> refuseResume(open.connection()))
        .onCommand(Resume.class, this::resume)
        .onCommand(Reattach.class, this::reattach)
        .onCommand(Detach.class, this::detach)
        .onCommand(ClientFrame.class, this::clientFrame)
        .onCommand(JobStarted.class, this::jobStarted)
        .onCommand(ChildAccepted.class, (log, child) -> {
          if (pending == null) {
            sendAccepted(child.jobId(), child.traceId(), child.acceptedPayload());
          } else {
            childrenAwaitingPending.add(child);
          }
          return Effect().none();
        })
        .onCommand(JobStartFailed.class, (log, failed) -> failPending(log, failed.jobId(),
            "the job could not be started; retry the submit"))
        .onCommand(JobStartRefused.class, this::jobStartRefused)
        .onCommand(SubmitTimedOut.class, (log, timedOut) -> failPending(log, timedOut.jobId(),
            "the job did not answer in time; retry the submit"))
        .onCommand(ClaimAnswered.class, this::claimAnswered)
        .onCommand(ResubmitAnswer.class, this::resubmitAnswered)
        .onCommand(JobOutputs.class, this::jobOutputs)
        .onCommand(JobProgressed.class, (log, progressed) -> {
          if (log.isSubscribed(progressed.jobId())) {
            catchUp.seen(progressed.jobId(), progressed.traceId(), progressed.jobSeq());
            catchUp.repair(progressed.jobId(), log.cursorOf(progressed.jobId()));
          } else {
            catchUp.seenUnsubscribed(progressed.jobId(), progressed.traceId(), progressed.jobSeq());
          }
          return Effect().none();
        })
        .onCommand(CancelAnswer.class, this::cancelAnswered)
        .onCommand(Observed.class, this::observed)
        .onCommand(Located.class, (log, located) ->
            startSubscription(log, located.granted(), located.cursor().orElse(0)))
        .onCommand(Reobserved.class, this::reobserved)
        .onCommand(LocateSeq.class, (log, locate) -> {
          locate.replyTo().tell(new SeqLocated(log.jobCursorAfter(locate.jobId(), locate.afterSeq())));
          return Effect().none();
        })
        .onCommand(Replayed.class, this::replayed)
        .onCommand(ReplayStarted.class, (log, started) -> {
          catchUp.ready(started.jobId(), started.readerId(), started.ackTo());
          return Effect().none();
        })
        .onCommand(ReplayEnded.class, this::replayEnded)
        .onCommand(RetryRepair.class, (log, retry) -> {
          catchUp.repair(retry.jobId(), log.cursorOf(retry.jobId()));
          return Effect().none();
        })
        .onCommand(Written.class, (log, written) -> {
          written(written.seq());
          pump(log);
          return Effect().none();
        })
        .onCommand(JobsListed.class, this::jobsListed)
        .onCommand(CredentialRotated.class, this::credentialRotated);
    return builder.build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Unopened.class)
        .onEvent(Opened.class, (state, opened) ->
            new SessionLog(opened.principal(), opened.features(), opened.tokenHash(), opened.at()));
    builder.forStateType(SessionLog.class)
        .onEvent(Resumed.class, (log, resumed) -> {
          log.resumed(resumed.tokenHash(), resumed.features(), resumed.at());
          return log;
        })
        .onEvent(Stamped.class, (log, stamped) -> {
          log.stamp(new SessionLog.Buffered(stamped.seq(), stamped.jobId(), stamped.jobSeq(), stamped.frame(),
              stamped.at()), services.settings().resumeWindow(), services.settings().resumeBufferMaxBytes());
          return log;
        })
        .onEvent(SubscriptionStarted.class, (log, started) -> {
          log.subscribe(started.jobId(), started.traceId(), started.cursor());
          return log;
        })
        .onEvent(SubscriptionEnded.class, (log, ended) -> {
          log.unsubscribe(ended.jobId());
          return log;
        })
        .onEvent(Acked.class, (log, acked) -> {
          log.ack(acked.seq(), acked.at());
          return log;
        })
        .onEvent(Detached.class, (log, detached) -> {
          log.seen(detached.at());
          return log;
        });
    return builder.build();
  }

  // ---- handshake --------------------------------------------------------------------------

  private Effect<Event, State> open(Unopened state, Open open) {
    String token = SessionResumeToken.mint(sessionId);
    Instant now = services.clock().instant();
    return Effect().persist(new Opened(open.principal(), open.features(), SessionResumeToken.hash(token), now))
        .thenRun(newState -> welcome(open.connection(), open.features(), token));
  }

  private Effect<Event, State> refuseResume(ActorRef<ConnectionActor.Command> replyTo) {
    replyTo.tell(new ConnectionActor.HandshakeRejected(ErrorCode.RESUME_WINDOW_EXPIRED,
        "the session cannot be resumed: unknown session, wrong token or expired window"));
    return Effect().none();
  }

  private Effect<Event, State> resume(SessionLog log, Resume resume) {
    Instant now = services.clock().instant();
    boolean withinWindow = connection != null
        || !log.lastSeenAt().plus(services.settings().resumeWindow()).isBefore(now);
    if (!SessionResumeToken.matches(log.tokenHash(), resume.presentedToken())
        || resume.principal().filter(principal -> !principal.equals(log.principal())).isPresent()
        || !withinWindow
        || !log.canReplayAfter(resume.lastEventSeq())) {
      return refuseResume(resume.connection());
    }
    String token = SessionResumeToken.mint(sessionId);
    List<String> features = resume.features().orElse(log.features());
    return Effect().persist(new Resumed(SessionResumeToken.hash(token), features, now)).thenRun(newState -> {
      if (connection != null && !connection.equals(resume.connection())) {
        connection.tell(new ConnectionActor.Replaced(sessionId));
      }
      welcome(resume.connection(), features, token);
      restartDelivery(resume.lastEventSeq(), newState);
    });
  }

  /**
   * Welcomes {@code newConnection} with the features negotiated by its own hello: a resuming client
   * may offer a different set than the one that opened the session, and neither peer may use a
   * feature outside the intersection (spec 1.1 §6.2).
   */
  private void welcome(ActorRef<ConnectionActor.Command> newConnection, List<String> negotiated, String token) {
    connection = newConnection;
    var settings = services.settings();
    var features = Feature.parseAll(negotiated);
    OptionalLong heartbeat = features.contains(Feature.HEARTBEAT)
        ? OptionalLong.of(settings.heartbeatInterval().toSeconds())
        : OptionalLong.empty();
    SessionWelcome welcome = new SessionWelcome(
        new RuntimeInfo(settings.runtimeName(), settings.runtimeVersion()),
        token,
        settings.resumeWindow().toSeconds(),
        heartbeat,
        new Capabilities(List.of("json"), features, services.agents().inventory()));
    String frame = Frames.envelope(Ids.message(), welcome.wireType(), Optional.of(sessionId), Optional.empty(),
        Optional.empty(), OptionalLong.empty(), Frames.payloadOf(welcome));
    newConnection.tell(new ConnectionActor.Welcomed(sessionId, context.getSelf(), frame, heartbeat.orElse(0)));
  }

  private Effect<Event, State> reattach(SessionLog log, Reattach reattach) {
    connection = reattach.connection();
    connection.tell(new ConnectionActor.Attached(sessionId, context.getSelf()));
    restartDelivery(reattach.lastDeliveredSeq(), log);
    return Effect().none();
  }

  private Effect<Event, State> detach(SessionLog log, Detach detach) {
    if (!detach.connection().equals(connection)) {
      return Effect().none();
    }
    connection = null;
    confirmWritten(Long.MAX_VALUE);
    return Effect().persist(new Detached(services.clock().instant()));
  }

  // ---- client frames ----------------------------------------------------------------------

  private Effect<Event, State> clientFrame(SessionLog log, ClientFrame frame) {
    if (connection == null) {
      // A new incarnation (after passivation or a move): the frame's connection is attached.
      connection = frame.connection();
      connection.tell(new ConnectionActor.Attached(sessionId, context.getSelf()));
    }
    if (!frame.connection().equals(connection)) {
      frame.connection().tell(new ConnectionActor.FrameProcessed(sessionId));
      return Effect().none();
    }
    if (pending != null) {
      return Effect().stash();
    }
    frame.connection().tell(new ConnectionActor.FrameProcessed(sessionId));
    DecodeResult decoded = services.codec().decode(frame.text());
    if (decoded instanceof DecodeResult.Rejected rejected) {
      if (rejected.type().filter("job.submit"::equals).isPresent()) {
        return rejectSubmit(log, rejected.id().orElse(Ids.message()), TraceId.mint(), rejected.error());
      }
      if (rejected.type().filter("session.list_jobs"::equals).isPresent()) {
        return rejectList(log, rejected.id().orElse(Ids.message()), rejected.error());
      }
      return sessionError(rejected.error());
    }
    // The connection has already refused frames naming another session.
    Envelope envelope = ((DecodeResult.Decoded) decoded).envelope();
    Message message = envelope.message();
    if (message instanceof JobSubmit submit) {
      return submit(log, envelope, submit);
    }
    if (message instanceof JobCancel cancel) {
      String jobId = envelope.jobId().orElseThrow();
      services.job(jobId).tell(new JobEntity.Cancel(sessionId, log.principal(), cancel.reason()));
      return Effect().none();
    }
    if (message instanceof SessionListJobs list) {
      return listJobs(log, envelope.id(), list);
    }
    if (message instanceof SessionAck ack) {
      return acknowledge(log, ack);
    }
    if (message instanceof JobSubscribe subscribe) {
      return subscribe(log, subscribe);
    }
    if (message instanceof JobUnsubscribe unsubscribe) {
      return unsubscribe(log, unsubscribe.jobId());
    }
    if (message instanceof VendorMessage && envelope.isOptional()) {
      return Effect().none();
    }
    return sessionError(ErrorPayload.of(ErrorCode.INVALID_REQUEST, unsupported(envelope.type())));
  }

  private static String unsupported(String type) {
    return type.startsWith("x-")
        ? "extension message " + type + " is not supported (mark it optional to have it ignored)"
        : type + " is not accepted from a client on an open session";
  }


  private Effect<Event, State> sessionError(ErrorPayload error) {
    send(Frames.sessionError(Ids.message(), sessionId, error));
    return Effect().none();
  }

  // ---- list_jobs --------------------------------------------------------------------------

  private Effect<Event, State> listJobs(SessionLog log, String requestId, SessionListJobs list) {
    JobListing.Outcome outcome = services.listing().answer(sessionId, requestId, log.principal(), log.features(), list);
    if (outcome instanceof JobListing.Refused refused) {
      return rejectList(log, requestId, refused.error());
    }
    context.pipeToSelf(((JobListing.Answering) outcome).frame(),
        (frame, failure) -> new JobsListed(requestId, Optional.ofNullable(frame)));
    return Effect().none();
  }

  private Effect<Event, State> jobsListed(SessionLog log, JobsListed listed) {
    if (listed.frame().isPresent()) {
      send(listed.frame().get());
      return Effect().none();
    }
    return rejectList(log, listed.requestId(), ErrorPayload.of(ErrorCode.INTERNAL_ERROR,
        "the job index could not be read; retry the list"));
  }

  /**
   * A refused list in both clients' forms: {@code session.error} (the TypeScript client fails its
   * pending list on it) and a jobless {@code job.error} echoing the request's envelope id (the
   * Java client's only rejection signal).
   */
  private Effect<Event, State> rejectList(SessionLog log, String requestId, ErrorPayload error) {
    send(Frames.sessionError(Ids.message(), sessionId, error));
    long seq = log.lastSeq() + 1;
    Stamped echoing = new Stamped(seq, "", 0, Frames.jobError(requestId, Optional.of(sessionId), Optional.empty(),
        Optional.empty(), OptionalLong.of(seq), error), services.clock().instant());
    return Effect().persist(echoing).thenRun(newState -> deliver(newState, List.of(echoing)));
  }

  // ---- submit -----------------------------------------------------------------------------

  private Effect<Event, State> submit(SessionLog log, Envelope envelope, JobSubmit submit) {
    String traceId = envelope.traceId().orElseGet(TraceId::mint);
    Instant now = services.clock().instant();
    Resolution resolution = services.agents().resolve(submit.agent());
    if (resolution instanceof Resolution.UnknownAgent) {
      return rejectSubmit(log, envelope.id(), traceId, ErrorPayload.of(ErrorCode.AGENT_NOT_AVAILABLE,
          "no agent named " + submit.agent().name() + " is registered"));
    }
    if (resolution instanceof Resolution.UnknownVersion) {
      return rejectSubmit(log, envelope.id(), traceId, ErrorPayload.of(ErrorCode.AGENT_VERSION_NOT_AVAILABLE,
          "agent " + submit.agent().name() + " has no version " + submit.agent().version().orElse("")));
    }
    Optional<Instant> requestedExpiry = submit.leaseConstraints().flatMap(LeaseConstraints::expiresAt);
    if (requestedExpiry.filter(at -> !at.isAfter(now)).isPresent()) {
      return rejectSubmit(log, envelope.id(), traceId, ErrorPayload.of(ErrorCode.INVALID_REQUEST,
          "payload.lease_constraints.expires_at: must lie in the future"));
    }
    Resolution.Resolved resolved = (Resolution.Resolved) resolution;
    LeaseCaps caps = services.settings().leaseCaps();
    JobRecord record = JobRecord.submitted(Ids.job(), sessionId, log.principal(), resolved.ref().name(),
        resolved.ref().version().orElseThrow(), submit.input().orElse(NullNode.getInstance()),
        caps.effectiveLease(log.principal(), submit.leaseRequest()).asMap(),
        caps.effectiveExpiry(log.principal(), requestedExpiry, now),
        submit.maxRuntimeSec().isPresent() ? Optional.of(submit.maxRuntimeSec().getAsLong()) : Optional.empty(),
        now, traceId, log.features());
    pending = new PendingSubmit(envelope.id(), record);
    timers.startSingleTimer(new SubmitTimedOut(record.jobId()), SUBMIT_TIMEOUT);
    if (submit.idempotencyKey().isEmpty()) {
      services.job(record.jobId()).tell(new JobEntity.Start(record));
      return Effect().none();
    }
    String scopedKey = log.principal() + "\u0000" + submit.idempotencyKey().get();
    String fingerprint = SubmitFingerprint.of(record, submit.leaseRequest(), requestedExpiry);
    context.ask(IdempotencyEntity.ClaimResult.class, services.idempotency(scopedKey), SUBMIT_TIMEOUT,
        replyTo -> new IdempotencyEntity.Claim(fingerprint, record.jobId(), now, replyTo),
        (result, failure) -> new ClaimAnswered(record.jobId(), Optional.ofNullable(result)));
    return Effect().none();
  }

  private Effect<Event, State> claimAnswered(SessionLog log, ClaimAnswered answered) {
    if (!isPending(answered.jobId())) {
      return Effect().none();
    }
    if (answered.result().isEmpty()) {
      return failPending(log, answered.jobId(), "the idempotency record could not be read; retry the submit");
    }
    IdempotencyEntity.ClaimResult result = answered.result().get();
    if (result instanceof IdempotencyEntity.Fresh) {
      services.job(pending.record().jobId()).tell(new JobEntity.Start(pending.record()));
      return Effect().none();
    }
    if (result instanceof IdempotencyEntity.Existing existing) {
      pending = new PendingSubmit(pending.requestId(), pending.record().withJobId(existing.jobId()));
      timers.startSingleTimer(new SubmitTimedOut(existing.jobId()), SUBMIT_TIMEOUT);
      services.job(existing.jobId()).tell(new JobEntity.Resubmit(sessionId, log.principal()));
      return Effect().none();
    }
    String existingJobId = ((IdempotencyEntity.Conflict) result).existingJobId();
    ObjectNode details = JsonNodeFactory.instance.objectNode().put("existing_job_id", existingJobId);
    return finishPending(log, rejection(log, pending.requestId(), pending.record().traceId(),
        ErrorPayload.of(ErrorCode.DUPLICATE_KEY,
            "idempotency_key was used for a different submit (job " + existingJobId + ")", details)));
  }


  private Effect<Event, State> resubmitAnswered(SessionLog log, ResubmitAnswer answer) {
    if (!isPending(answer.jobId())) {
      return Effect().none();
    }
    if (answer.accepted().isEmpty()) {
      // The key was claimed but the job never started (its node stopped in between): start it now.
      services.job(answer.jobId()).tell(new JobEntity.Start(pending.record()));
      return Effect().none();
    }
    sendAccepted(answer.jobId(), answer.traceId().orElse(pending.record().traceId()), answer.accepted().get());
    List<Stamped> stamped = new ArrayList<>();
    answer.terminal().ifPresent(terminal -> stamped.add(stampOutput(log.lastSeq() + 1, terminal, false)));
    return finishPending(log, stamped);
  }

  private Effect<Event, State> jobStarted(SessionLog log, JobStarted started) {
    if (!isPending(started.jobId())) {
      return Effect().none();
    }
    sendAccepted(started.jobId(), started.traceId(), started.acceptedPayload());
    return finishPending(log, List.of());
  }

  private void sendAccepted(String jobId, String traceId, JsonNode payload) {
    send(Frames.envelope(Ids.message(), "job.accepted", Optional.of(sessionId), Optional.of(jobId),
        Optional.of(traceId), OptionalLong.empty(), payload));
  }

  private boolean isPending(String jobId) {
    return pending != null && pending.record().jobId().equals(jobId);
  }

  private Effect<Event, State> failPending(SessionLog log, String jobId, String message) {
    if (!isPending(jobId)) {
      return Effect().none();
    }
    return finishPending(log, rejection(log, pending.requestId(), pending.record().traceId(),
        ErrorPayload.of(ErrorCode.INTERNAL_ERROR, message)));
  }

  private Effect<Event, State> jobStartRefused(SessionLog log, JobStartRefused refused) {
    if (!isPending(refused.jobId())) {
      return Effect().none();
    }
    return finishPending(log, rejection(log, pending.requestId(), pending.record().traceId(),
        ErrorPayload.read(JsonObjectReader.of(refused.error(), "error"))));
  }

  private Effect<Event, State> finishPending(SessionLog log, List<Stamped> frames) {
    timers.cancel(new SubmitTimedOut(pending.record().jobId()));
    pending = null;
    childrenAwaitingPending.forEach(child -> sendAccepted(child.jobId(), child.traceId(), child.acceptedPayload()));
    childrenAwaitingPending.clear();
    if (frames.isEmpty()) {
      return Effect().unstashAll();
    }
    return Effect().persist(List.<Event>copyOf(frames)).thenRun(newState -> deliver(newState, frames))
        .thenUnstashAll();
  }

  private Effect<Event, State> rejectSubmit(SessionLog log, String requestId, String traceId, ErrorPayload error) {
    List<Stamped> frames = rejection(log, requestId, traceId, error);
    return Effect().persist(List.<Event>copyOf(frames)).thenRun(newState -> deliver(newState, frames));
  }

  /**
   * A refused submit in both clients' forms: a {@code job.error} with a fresh job id (TypeScript)
   * and a jobless one echoing the request's envelope id (Java). Each client ignores the other.
   */
  private List<Stamped> rejection(SessionLog log, String requestId, String traceId, ErrorPayload error) {
    Instant now = services.clock().instant();
    long seq = log.lastSeq();
    String withJob = Frames.jobError(Ids.message(), Optional.of(sessionId), Optional.of(Ids.job()),
        Optional.of(traceId), OptionalLong.of(seq + 1), error);
    String echoingRequest = Frames.jobError(requestId, Optional.of(sessionId), Optional.empty(),
        Optional.of(traceId), OptionalLong.of(seq + 2), error);
    return List.of(new Stamped(seq + 1, "", 0, withJob, now), new Stamped(seq + 2, "", 0, echoingRequest, now));
  }

  // ---- job frames -------------------------------------------------------------------------

  private Effect<Event, State> jobOutputs(SessionLog log, JobOutputs outputs) {
    if (outputs.observed() && !log.isSubscribed(outputs.jobId())) {
      outputs.outputs().stream().max(Comparator.comparingLong(JobOutput::jobSeq)).ifPresent(last ->
          catchUp.seenUnsubscribed(outputs.jobId(), last.traceId(), last.jobSeq()));
      return Effect().none();
    }
    return stampOutputs(log, outputs.jobId(), outputs.outputs(), () -> { });
  }

  private Effect<Event, State> replayed(SessionLog log, Replayed replayed) {
    if (!catchUp.isCurrent(replayed.jobId(), replayed.readerId())) {
      return Effect().none();
    }
    return stampOutputs(log, replayed.jobId(), replayed.outputs(),
        () -> catchUp.ready(replayed.jobId(), replayed.readerId(), replayed.ackTo()));
  }

  private Effect<Event, State> replayEnded(SessionLog log, ReplayEnded ended) {
    if (!catchUp.isCurrent(ended.jobId(), ended.readerId())) {
      return Effect().none();
    }
    catchUp.ended(ended.jobId(), ended.readerId());
    if (ended.failed()) {
      context.getLog().warn("reading the journal of job {} for session {} failed; retrying", ended.jobId(),
          sessionId);
      timers.startSingleTimer(new RetryRepair(ended.jobId()), REPAIR_RETRY);
    } else {
      catchUp.repair(ended.jobId(), log.cursorOf(ended.jobId()));
    }
    return Effect().none();
  }

  /**
   * Stamps the job's outputs that continue its cursor, in job order; earlier ones are duplicates
   * and later ones mean a gap, which a journal reader fills. {@code afterwards} runs once the
   * frames are journaled (or at once when there are none).
   */
  private Effect<Event, State> stampOutputs(SessionLog log, String jobId, List<JobOutput> outputs,
      Runnable afterwards) {
    boolean subscribed = log.isSubscribed(jobId);
    long cursor = log.cursorOf(jobId);
    List<JobOutput> ready = new ArrayList<>();
    boolean terminalAlreadyStored = false;
    for (JobOutput output : outputs.stream().sorted(Comparator.comparingLong(JobOutput::jobSeq)).toList()) {
      if (output.jobSeq() <= cursor) {
        terminalAlreadyStored |= output.isTerminal();
      } else if (output.jobSeq() == cursor + 1) {
        ready.add(output);
        cursor++;
      } else {
        catchUp.seen(jobId, output.traceId(), output.jobSeq());
      }
    }
    catchUp.repair(jobId, cursor);
    if (terminalAlreadyStored && !subscribed) {
      services.job(jobId).tell(new JobEntity.TerminalStored(jobId));
    }
    if (ready.isEmpty()) {
      if (!subscribed) {
        services.job(jobId).tell(new JobEntity.OutputsStamped(cursor));
      }
      afterwards.run();
      return Effect().none();
    }
    long stampedUpTo = cursor;
    List<Stamped> stamped = new ArrayList<>();
    long seq = log.lastSeq();
    for (JobOutput output : ready) {
      stamped.add(stampOutput(++seq, output, true));
    }
    JobOutput last = ready.get(ready.size() - 1);
    boolean terminal = last.isTerminal();
    if (terminal) {
      if (jobId.equals(liveJobId)) {
        liveJobId = null;
      }
    } else {
      liveJobId = jobId;
      liveTraceId = last.traceId();
    }
    backPressureSignal(log, seq).ifPresent(stamped::add);
    List<Event> events = new ArrayList<>(stamped);
    if (terminal && subscribed) {
      events.add(new SubscriptionEnded(jobId));
    }
    long lastJobFrameSeq = seq;
    return Effect().persist(events).thenRun(newState -> {
      if (!subscribed) {
        services.listing().stamped(jobId, lastJobFrameSeq);
      }
      deliver(newState, stamped);
      if (terminal && subscribed) {
        catchUp.stop(jobId);
      } else if (terminal) {
        services.job(jobId).tell(new JobEntity.TerminalStored(jobId));
      } else if (!subscribed) {
        confirmWhenWritten(jobId, stampedUpTo, lastJobFrameSeq);
      }
      afterwards.run();
    });
  }

  private Stamped stampOutput(long seq, JobOutput output, boolean advancesCursor) {
    String frame = Frames.envelope(Ids.message(), output.type(), Optional.of(sessionId), Optional.of(output.jobId()),
        Optional.of(output.traceId()), OptionalLong.of(seq), output.payload());
    return new Stamped(seq, output.jobId(), advancesCursor ? output.jobSeq() : 0, frame, services.clock().instant());
  }

  private Effect<Event, State> cancelAnswered(SessionLog log, CancelAnswer answer) {
    return switch (answer.outcome()) {
      case ACCEPTED -> {
        send(Frames.envelope(Ids.message(), "job.cancelled", Optional.of(sessionId), Optional.of(answer.jobId()),
            Optional.empty(), OptionalLong.empty(), Frames.payloadOf(new JobCancelled(Optional.empty()))));
        yield Effect().none();
      }
      case ALREADY_ENDED -> Effect().none();
      case NOT_FOUND -> refuseForJob(log, answer.jobId(), ErrorPayload.of(ErrorCode.JOB_NOT_FOUND,
          "no job " + answer.jobId() + " is visible to this session"));
      case DENIED -> refuseForJob(log, answer.jobId(), ErrorPayload.of(ErrorCode.PERMISSION_DENIED,
          "only the session that submitted job " + answer.jobId() + " may cancel it"));
    };
  }

  private Effect<Event, State> refuseForJob(SessionLog log, String jobId, ErrorPayload error) {
    long seq = log.lastSeq() + 1;
    Stamped stamped = new Stamped(seq, "", 0, Frames.jobError(Ids.message(), Optional.of(sessionId),
        Optional.of(jobId), Optional.empty(), OptionalLong.of(seq), error), services.clock().instant());
    return Effect().persist(stamped).thenRun(newState -> deliver(newState, List.of(stamped)));
  }

  // ---- subscriptions ----------------------------------------------------------------------

  private Effect<Event, State> subscribe(SessionLog log, JobSubscribe subscribe) {
    if (!log.features().contains(Feature.SUBSCRIBE.wire())) {
      return sessionError(ErrorPayload.of(ErrorCode.INVALID_REQUEST,
          "job.subscribe needs the subscribe feature, which this session did not negotiate"));
    }
    String jobId = subscribe.jobId();
    catchUp.subscribing(jobId);
    observe(log, jobId, (answer, failure) -> new Observed(jobId, subscribe.history(),
        subscribe.fromEventSeq().orElse(0), Optional.ofNullable(answer)));
    return Effect().none();
  }

  private void observe(SessionLog log, String jobId,
      org.apache.pekko.japi.function.Function2<Observation, Throwable, Command> answer) {
    context.ask(Observation.class, services.job(jobId), OBSERVE_TIMEOUT,
        replyTo -> new JobEntity.Observe(sessionId, log.principal(), true, replyTo), answer);
  }

  private Effect<Event, State> observed(SessionLog log, Observed observed) {
    String jobId = observed.jobId();
    if (observed.answer().isEmpty()) {
      catchUp.abandon(jobId, log.isSubscribed(jobId));
      return refuseForJob(log, jobId, ErrorPayload.of(ErrorCode.INTERNAL_ERROR,
          "job " + jobId + " did not answer the subscription in time; retry"));
    }
    Observation answer = observed.answer().get();
    if (answer instanceof Observation.Granted granted) {
      AuditLog.subscribe(log.principal(), sessionId, jobId, granted.ownerPrincipal(), AuditLog.Decision.ALLOWED);
      if (granted.ownerSessionId().equals(sessionId)) {
        catchUp.abandon(jobId, log.isSubscribed(jobId));
        sendSubscribed(granted, log.lastSeq(), false);
        return Effect().none();
      }
      if (observed.history() && observed.fromEventSeq() > 0) {
        context.ask(SeqLocated.class, services.session(granted.ownerSessionId()), OBSERVE_TIMEOUT,
            replyTo -> new LocateSeq(jobId, observed.fromEventSeq(), replyTo),
            (located, failure) -> new Located(granted,
                located == null ? OptionalLong.empty() : located.cursor()));
        return Effect().none();
      }
      return startSubscription(log, granted, observed.history() ? 0 : granted.lastJobSeq());
    }
    catchUp.abandon(jobId, log.isSubscribed(jobId));
    boolean denied = answer instanceof Observation.Denied;
    AuditLog.subscribe(log.principal(), sessionId, jobId,
        denied ? ((Observation.Denied) answer).ownerPrincipal() : "",
        denied ? AuditLog.Decision.DENIED : AuditLog.Decision.NOT_FOUND);
    // The same answer whether the job is someone else's or does not exist: nothing leaks.
    return refuseForJob(log, jobId, ErrorPayload.of(ErrorCode.PERMISSION_DENIED,
        "no job " + jobId + " that this principal may observe"));
  }

  /**
   * Subscribes from job-local {@code cursor}: {@code job.subscribed} first, then the job's frames
   * after the cursor (history from the journal, then live), each stamped with this session's seq.
   */
  private Effect<Event, State> startSubscription(SessionLog log, Observation.Granted granted, long cursor) {
    String jobId = granted.jobId();
    boolean replays = cursor < granted.lastJobSeq();
    long subscribedFrom = log.lastSeq();
    if (granted.status().isTerminal() && !replays) {
      catchUp.stop(jobId);
      sendSubscribed(granted, subscribedFrom, false);
      return Effect().none();
    }
    catchUp.restart(jobId);
    return Effect().persist(new SubscriptionStarted(jobId, granted.traceId(), cursor)).thenRun(newState -> {
      sendSubscribed(granted, subscribedFrom, replays);
      catchUp.seen(jobId, granted.traceId(), granted.lastJobSeq());
      catchUp.repair(jobId, cursor);
    });
  }

  private void sendSubscribed(Observation.Granted granted, long subscribedFrom, boolean replayed) {
    JobSubscribed subscribed = granted.subscribed(subscribedFrom, replayed);
    send(Frames.envelope(Ids.message(), subscribed.wireType(), Optional.of(sessionId), Optional.of(granted.jobId()),
        Optional.of(granted.traceId()), OptionalLong.empty(), Frames.payloadOf(subscribed)));
  }

  private Effect<Event, State> reobserved(SessionLog log, Reobserved reobserved) {
    String jobId = reobserved.jobId();
    if (!log.isSubscribed(jobId) || reobserved.answer().isEmpty()) {
      return Effect().none();
    }
    if (reobserved.answer().get() instanceof Observation.Granted granted
        && (!granted.status().isTerminal() || log.cursorOf(jobId) < granted.lastJobSeq())) {
      catchUp.seen(jobId, granted.traceId(), granted.lastJobSeq());
      catchUp.repair(jobId, log.cursorOf(jobId));
      return Effect().none();
    }
    return Effect().persist(new SubscriptionEnded(jobId));
  }

  private Effect<Event, State> unsubscribe(SessionLog log, String jobId) {
    if (!log.features().contains(Feature.SUBSCRIBE.wire())) {
      return sessionError(ErrorPayload.of(ErrorCode.INVALID_REQUEST,
          "job.unsubscribe needs the subscribe feature, which this session did not negotiate"));
    }
    if (!log.isSubscribed(jobId)) {
      return Effect().none();
    }
    return Effect().persist(new SubscriptionEnded(jobId)).thenRun(newState -> {
      catchUp.stop(jobId);
      services.job(jobId).tell(new JobEntity.Unobserve(sessionId));
    });
  }

  // ---- acknowledgement and back-pressure --------------------------------------------------

  private Effect<Event, State> acknowledge(SessionLog log, SessionAck ack) {
    if (ack.lastProcessedSeq() <= log.ackedSeq()) {
      return Effect().none();
    }
    Instant now = services.clock().instant();
    List<Event> events = new ArrayList<>();
    events.add(new Acked(ack.lastProcessedSeq(), now));
    long lag = log.lastSeq() - Math.min(ack.lastProcessedSeq(), log.lastSeq());
    List<Stamped> cleared = new ArrayList<>();
    if (backPressureSignalled && lag <= services.settings().backPressureThreshold() / 2) {
      backPressureSignalled = false;
      if (liveJobId != null) {
        cleared.add(statusFrame(log.lastSeq() + 1, "back_pressure_cleared",
            "the client caught up: " + lag + " unacknowledged events"));
      }
    }
    events.addAll(cleared);
    secretFrames.keySet().removeIf(seq -> seq <= ack.lastProcessedSeq());
    return Effect().persist(events).thenRun(newState -> deliver(newState, cleared));
  }

  /**
   * With {@code ack} negotiated: once the lag between the latest seq ({@code latestSeq}) and the
   * acknowledged one exceeds the threshold, one {@code status back_pressure} frame on the latest
   * live job (re-armed when acknowledgements bring the lag down to half the threshold).
   */
  private Optional<Stamped> backPressureSignal(SessionLog log, long latestSeq) {
    long lag = latestSeq - log.ackedSeq();
    if (backPressureSignalled || liveJobId == null || lag <= services.settings().backPressureThreshold()
        || !log.features().contains(Feature.ACK.wire())) {
      return Optional.empty();
    }
    backPressureSignalled = true;
    return Optional.of(statusFrame(latestSeq + 1, "back_pressure",
        lag + " events are not acknowledged; the client is falling behind"));
  }

  private Stamped statusFrame(long seq, String phase, String message) {
    Instant now = services.clock().instant();
    return new Stamped(seq, liveJobId, 0,
        statusEnvelope(Ids.message(), seq, liveJobId, liveTraceId, now, StatusBody.of(phase, message)), now);
  }

  private String statusEnvelope(String messageId, long seq, String jobId, String traceId, Instant now,
      StatusBody body) {
    return Frames.envelope(messageId, "job.event", Optional.of(sessionId), Optional.of(jobId), Optional.of(traceId),
        OptionalLong.of(seq), Frames.payloadOf(new JobEventMessage(now, body)));
  }

  // ---- credentials ------------------------------------------------------------------------

  /**
   * Stamps {@code status credential_rotated {id, value}}: journaled without the value (no secret in
   * any journal), handed to the transport with it.
   */
  private Effect<Event, State> credentialRotated(SessionLog log, CredentialRotated rotated) {
    long seq = log.lastSeq() + 1;
    Instant now = services.clock().instant();
    String messageId = Ids.message();
    ObjectNode withoutValue = JsonNodeFactory.instance.objectNode().put("id", rotated.credentialId());
    ObjectNode withValue = withoutValue.deepCopy().put("value", rotated.value());
    String message = "credential " + rotated.credentialId() + " was rotated; the previous value is revoked";
    Stamped stamped = new Stamped(seq, rotated.jobId(), 0, statusEnvelope(messageId, seq, rotated.jobId(),
        rotated.traceId(), now, new StatusBody("credential_rotated", Optional.of(message), withoutValue)), now);
    // A frame the buffer no longer holds is never handed over again: its value need not be kept.
    secretFrames.keySet().removeIf(held -> !log.canReplayAfter(held - 1));
    secretFrames.put(seq, statusEnvelope(messageId, seq, rotated.jobId(), rotated.traceId(), now,
        new StatusBody("credential_rotated", Optional.of(message), withValue)));
    return Effect().persist(stamped).thenRun(newState -> deliver(newState, List.of(stamped)));
  }

  // ---- delivery ---------------------------------------------------------------------------

  /** The transport has written every frame up to {@code seq}. */
  private void written(long seq) {
    writtenSeq = Math.max(writtenSeq, seq);
    while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= writtenSeq) {
      inFlightBytes -= inFlight.removeFirst()[1];
    }
    confirmWritten(writtenSeq);
  }

  /**
   * Tells an own job that its outputs up to {@code jobSeq} are through once the attached transport
   * has written {@code seq} (at once without one): so a live reader holds its jobs' agents to its
   * pace, and a detached session lets them run into its buffer.
   */
  private void confirmWhenWritten(String jobId, long jobSeq, long seq) {
    if (connection == null || writtenSeq >= seq) {
      services.job(jobId).tell(new JobEntity.OutputsStamped(jobSeq));
    } else {
      awaitingWrite.addLast(new AwaitedWrite(jobId, jobSeq, seq));
    }
  }

  /** Confirms every awaited write up to {@code seq} (the newest per job). */
  private void confirmWritten(long seq) {
    Map<String, Long> confirmed = new HashMap<>();
    while (!awaitingWrite.isEmpty() && awaitingWrite.peekFirst().seq() <= seq) {
      AwaitedWrite awaited = awaitingWrite.removeFirst();
      confirmed.merge(awaited.jobId(), awaited.jobSeq(), Math::max);
    }
    confirmed.forEach((jobId, jobSeq) -> services.job(jobId).tell(new JobEntity.OutputsStamped(jobSeq)));
  }

  /** A (re)attached transport has everything up to {@code clientSeq}: deliver from there. */
  private void restartDelivery(long clientSeq, State state) {
    SessionLog log = (SessionLog) state;
    deliveredSeq = Math.min(clientSeq, log.lastSeq());
    writtenSeq = deliveredSeq;
    inFlight.clear();
    inFlightBytes = 0;
    backlog = true;
    pump(log);
  }

  /**
   * Hands newly stamped {@code frames} to the attached transport at once (a reader that stops
   * reading overflows its bounded queue and is disconnected), unless it is still being served a
   * backlog, which they then join.
   */
  private void deliver(State state, List<Stamped> frames) {
    stampedSeq = ((SessionLog) state).lastSeq();
    if (connection == null || frames.isEmpty()) {
      catchUp.resumeHeld();
      return;
    }
    if (backlog || frames.get(0).seq() != deliveredSeq + 1) {
      backlog = true;
      pump((SessionLog) state);
      return;
    }
    frames.forEach(frame -> handOver(frame.seq(), frame.frame()));
    catchUp.resumeHeld();
  }

  /**
   * Serves a backlog (a resume after a long absence, a re-attach) from the resume buffer, in seq
   * order, at most {@code outbound-buffer-frames / 2} frames and half the buffer's bytes beyond
   * what the transport has written, so that it never overflows the transport's queue. A reader
   * whose next frame was evicted from the buffer meanwhile is disconnected: serving it would leave
   * a gap.
   */
  private void pump(SessionLog log) {
    stampedSeq = log.lastSeq();
    if (connection == null || !backlog || deliveredSeq >= log.lastSeq()) {
      backlog = false;
      catchUp.resumeHeld();
      return;
    }
    long maxBytes = services.settings().resumeBufferMaxBytes() / 2;
    int room = services.settings().outboundBufferFrames() / 2 - inFlight.size();
    if (room <= 0 || inFlightBytes >= maxBytes) {
      return;
    }
    List<SessionLog.Buffered> next = log.after(deliveredSeq, room);
    if (next.isEmpty() || next.get(0).seq() != deliveredSeq + 1) {
      context.getLog().info("session {}: frame {} left the resume buffer before its reader got it; disconnecting",
          sessionId, deliveredSeq + 1);
      connection.tell(new ConnectionActor.FellBehind(sessionId));
      connection = null;
      confirmWritten(Long.MAX_VALUE);
      return;
    }
    for (SessionLog.Buffered entry : next) {
      if (inFlightBytes >= maxBytes) {
        break;
      }
      handOver(entry.seq(), entry.frame());
    }
    backlog = deliveredSeq < log.lastSeq();
    catchUp.resumeHeld();
  }

  private void handOver(long seq, String frame) {
    connection.tell(new ConnectionActor.Deliver(seq, secretFrames.getOrDefault(seq, frame)));
    inFlight.addLast(new long[] {seq, frame.length()});
    inFlightBytes += frame.length();
    deliveredSeq = seq;
  }

  private void send(String frame) {
    if (connection != null) {
      connection.tell(new ConnectionActor.Send(frame));
    }
  }
}
