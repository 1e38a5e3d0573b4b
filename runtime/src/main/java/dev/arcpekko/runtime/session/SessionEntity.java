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
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.Capabilities;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobCancel;
import dev.arcpekko.protocol.message.JobCancelled;
import dev.arcpekko.protocol.message.JobSubmit;
import dev.arcpekko.protocol.message.Message;
import dev.arcpekko.protocol.message.RuntimeInfo;
import dev.arcpekko.protocol.message.SessionAck;
import dev.arcpekko.protocol.message.SessionWelcome;
import dev.arcpekko.protocol.message.VendorMessage;
import dev.arcpekko.runtime.JsonSerializable;
import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.agent.AgentRegistry.Resolution;
import dev.arcpekko.runtime.idempotency.IdempotencyEntity;
import dev.arcpekko.runtime.idempotency.SubmitFingerprint;
import dev.arcpekko.runtime.job.JobEntity;
import dev.arcpekko.runtime.job.JobOutput;
import dev.arcpekko.runtime.job.JobRecord;
import dev.arcpekko.runtime.transport.ConnectionActor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One ARCP session: a sharded, event-sourced entity keyed by session id. It is the only place that
 * assigns {@code event_seq}; every seq-bearing frame is journaled (the resume buffer) before it is
 * delivered to whichever connection is attached. It authenticates resumes against the hash of the
 * current resume token, owns its jobs (submit, cancel, idempotency) and answers submits in the
 * order they arrived.
 */
public final class SessionEntity
    extends EventSourcedBehavior<SessionEntity.Command, SessionEntity.Event, SessionEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Session");
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration RESEND_BACKOFF = Duration.ofSeconds(2);
  private static final int MAX_OUT_OF_ORDER = 4096;

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
  public record JobStarted(String jobId, String traceId, JsonNode acceptedPayload) implements Command {}

  /** A job could not be started. */
  public record JobStartFailed(String jobId) implements Command {}

  /** A job refused to start ({@code error} is the error payload, e.g. a per-principal limit). */
  public record JobStartRefused(String jobId, JsonNode error) implements Command {}

  /** Journaled frames of a job owned by this session, in job order. */
  public record JobOutputs(String jobId, List<JobOutput> outputs) implements Command {}

  /** How a job answered a cancel. */
  public enum CancelOutcome { ACCEPTED, ALREADY_ENDED, NOT_FOUND, DENIED }

  /** A job's answer to this session's cancel. */
  public record CancelAnswer(String jobId, CancelOutcome outcome) implements Command {}

  /** A job's answer to an idempotent resubmit; {@code accepted} is empty when the job is unknown. */
  public record ResubmitAnswer(String jobId, Optional<String> traceId, Optional<JsonNode> accepted,
      Optional<JobOutput> terminal) implements Command {}

  record ClaimAnswered(String jobId, Optional<IdempotencyEntity.ClaimResult> result) implements Command {}

  record SubmitTimedOut(String jobId) implements Command {}

  /** Journaled facts of a session. */
  public sealed interface Event extends JsonSerializable {}

  public record Opened(String principal, List<String> features, String tokenHash, Instant at) implements Event {}

  public record Resumed(String tokenHash, List<String> features, Instant at) implements Event {}

  /** A seq-bearing frame as sent; {@code jobId} is empty and {@code jobSeq} 0 for runtime frames. */
  public record Stamped(long seq, String jobId, long jobSeq, String frame, Instant at) implements Event {}

  public record Acked(long seq, Instant at) implements Event {}

  public record Detached(Instant at) implements Event {}

  /** The session's state: never opened, or its {@link SessionLog}. */
  public sealed interface State permits Unopened, SessionLog {}

  /** No hello ever opened this id. */
  public record Unopened() implements State {}

  /** A submit waiting for its job (or idempotency claim); later client frames wait behind it. */
  private record PendingSubmit(String requestId, JobRecord record) {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final RuntimeServices services;
  private final String sessionId;
  private ActorRef<ConnectionActor.Command> connection;
  private PendingSubmit pending;
  private final Map<String, TreeMap<Long, JobOutput>> outOfOrder = new HashMap<>();
  private final Map<String, Instant> resendRequestedAt = new HashMap<>();

  private SessionEntity(ActorContext<Command> context, TimerScheduler<Command> timers, String sessionId,
      RuntimeServices services) {
    super(PersistenceId.of(TYPE_KEY.name(), sessionId));
    this.context = context;
    this.timers = timers;
    this.sessionId = sessionId;
    this.services = services;
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
  public CommandHandler<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerBuilder();
    builder.forStateType(Unopened.class)
        .onCommand(Open.class, this::open)
        .onCommand(Resume.class, (state, resume) -> refuseResume(resume.connection()))
        .onCommand(Reattach.class, (state, reattach) -> refuseResume(reattach.connection()))
        .onAnyCommand(command -> Effect().none());
    builder.forStateType(SessionLog.class)
        .onCommand(Open.class, (log, open) -> refuseResume(open.connection()))
        .onCommand(Resume.class, this::resume)
        .onCommand(Reattach.class, this::reattach)
        .onCommand(Detach.class, this::detach)
        .onCommand(ClientFrame.class, this::clientFrame)
        .onCommand(JobStarted.class, this::jobStarted)
        .onCommand(JobStartFailed.class, (log, failed) -> failPending(log, failed.jobId(),
            "the job could not be started; retry the submit"))
        .onCommand(JobStartRefused.class, this::jobStartRefused)
        .onCommand(SubmitTimedOut.class, (log, timedOut) -> failPending(log, timedOut.jobId(),
            "the job did not answer in time; retry the submit"))
        .onCommand(ClaimAnswered.class, this::claimAnswered)
        .onCommand(ResubmitAnswer.class, this::resubmitAnswered)
        .onCommand(JobOutputs.class, this::jobOutputs)
        .onCommand(CancelAnswer.class, this::cancelAnswered);
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
              stamped.at()), services.settings().resumeWindow());
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
        .thenRun(newState -> welcome(open.connection(), open.features(), token, List.of()));
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
      welcome(resume.connection(), features, token, log.after(resume.lastEventSeq()));
    });
  }

  /**
   * Welcomes {@code newConnection} with the features negotiated by its own hello: a resuming client
   * may offer a different set than the one that opened the session, and neither peer may use a
   * feature outside the intersection (spec 1.1 §6.2).
   */
  private void welcome(ActorRef<ConnectionActor.Command> newConnection, List<String> negotiated, String token,
      List<SessionLog.Buffered> replay) {
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
    replay.forEach(entry -> newConnection.tell(new ConnectionActor.Deliver(entry.seq(), entry.frame())));
  }

  private Effect<Event, State> reattach(SessionLog log, Reattach reattach) {
    connection = reattach.connection();
    connection.tell(new ConnectionActor.Attached(sessionId, context.getSelf()));
    log.after(reattach.lastDeliveredSeq())
        .forEach(entry -> connection.tell(new ConnectionActor.Deliver(entry.seq(), entry.frame())));
    return Effect().none();
  }

  private Effect<Event, State> detach(SessionLog log, Detach detach) {
    if (!detach.connection().equals(connection)) {
      return Effect().none();
    }
    connection = null;
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
    if (message instanceof SessionAck ack) {
      return ack.lastProcessedSeq() > 0
          ? Effect().persist(new Acked(ack.lastProcessedSeq(), services.clock().instant()))
          : Effect().none();
    }
    if (message instanceof VendorMessage && envelope.isOptional()) {
      return Effect().none();
    }
    return sessionError(ErrorPayload.of(ErrorCode.INVALID_REQUEST, unsupported(envelope.type())));
  }

  private static String unsupported(String type) {
    return switch (type) {
      case "session.list_jobs" -> "session.list_jobs needs the list_jobs feature, which this runtime does not offer yet";
      case "job.subscribe", "job.unsubscribe" ->
          type + " needs the subscribe feature, which this runtime does not offer yet";
      default -> type.startsWith("x-")
          ? "extension message " + type + " is not supported (mark it optional to have it ignored)"
          : type + " is not accepted from a client on an open session";
    };
  }

  private Effect<Event, State> sessionError(ErrorPayload error) {
    send(Frames.sessionError(Ids.message(), sessionId, error));
    return Effect().none();
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
    Optional<Instant> expiresAt = submit.leaseConstraints().flatMap(LeaseConstraints::expiresAt);
    if (expiresAt.filter(at -> !at.isAfter(now)).isPresent()) {
      return rejectSubmit(log, envelope.id(), traceId, ErrorPayload.of(ErrorCode.INVALID_REQUEST,
          "payload.lease_constraints.expires_at: must lie in the future"));
    }
    Resolution.Resolved resolved = (Resolution.Resolved) resolution;
    JobRecord record = new JobRecord(Ids.job(), sessionId, log.principal(), resolved.ref().name(),
        resolved.ref().version().orElseThrow(), submit.input().orElse(NullNode.getInstance()),
        submit.leaseRequest().asMap(), expiresAt,
        submit.maxRuntimeSec().isPresent() ? Optional.of(submit.maxRuntimeSec().getAsLong()) : Optional.empty(),
        now, traceId, log.features());
    pending = new PendingSubmit(envelope.id(), record);
    timers.startSingleTimer(new SubmitTimedOut(record.jobId()), SUBMIT_TIMEOUT);
    if (submit.idempotencyKey().isEmpty()) {
      services.job(record.jobId()).tell(new JobEntity.Start(record));
      return Effect().none();
    }
    String scopedKey = log.principal() + "\u0000" + submit.idempotencyKey().get();
    String fingerprint = SubmitFingerprint.of(record);
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
    if (frames.isEmpty()) {
      return Effect().unstashAll();
    }
    return Effect().persist(List.<Event>copyOf(frames)).thenRun(newState -> deliver(frames)).thenUnstashAll();
  }

  private Effect<Event, State> rejectSubmit(SessionLog log, String requestId, String traceId, ErrorPayload error) {
    List<Stamped> frames = rejection(log, requestId, traceId, error);
    return Effect().persist(List.<Event>copyOf(frames)).thenRun(newState -> deliver(frames));
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
    String jobId = outputs.jobId();
    long cursor = log.cursorOf(jobId);
    TreeMap<Long, JobOutput> waiting = outOfOrder.computeIfAbsent(jobId, id -> new TreeMap<>());
    List<JobOutput> ready = new ArrayList<>();
    boolean terminalAlreadyStored = false;
    for (JobOutput output : outputs.outputs().stream().sorted(Comparator.comparingLong(JobOutput::jobSeq)).toList()) {
      if (output.jobSeq() <= cursor) {
        terminalAlreadyStored |= output.isTerminal();
      } else if (waiting.size() < MAX_OUT_OF_ORDER) {
        waiting.put(output.jobSeq(), output);
      }
    }
    while (!waiting.isEmpty() && waiting.firstKey() == cursor + 1) {
      ready.add(waiting.pollFirstEntry().getValue());
      cursor++;
    }
    if (waiting.isEmpty()) {
      outOfOrder.remove(jobId);
      resendRequestedAt.remove(jobId);
    } else {
      requestResend(jobId, cursor + 1);
    }
    if (terminalAlreadyStored) {
      services.job(jobId).tell(new JobEntity.TerminalStored(jobId));
    }
    if (ready.isEmpty()) {
      return Effect().none();
    }
    List<Stamped> stamped = new ArrayList<>();
    long seq = log.lastSeq();
    for (JobOutput output : ready) {
      stamped.add(stampOutput(++seq, output, true));
    }
    boolean terminal = ready.get(ready.size() - 1).isTerminal();
    return Effect().persist(List.<Event>copyOf(stamped)).thenRun(newState -> {
      deliver(stamped);
      if (terminal) {
        services.job(jobId).tell(new JobEntity.TerminalStored(jobId));
      }
    });
  }

  private void requestResend(String jobId, long fromJobSeq) {
    Instant now = services.clock().instant();
    Instant last = resendRequestedAt.get(jobId);
    if (last == null || last.plus(RESEND_BACKOFF).isBefore(now)) {
      resendRequestedAt.put(jobId, now);
      services.job(jobId).tell(new JobEntity.Resend(fromJobSeq));
    }
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
      case NOT_FOUND -> cancelRefused(log, answer.jobId(), ErrorPayload.of(ErrorCode.JOB_NOT_FOUND,
          "no job " + answer.jobId() + " is visible to this session"));
      case DENIED -> cancelRefused(log, answer.jobId(), ErrorPayload.of(ErrorCode.PERMISSION_DENIED,
          "only the session that submitted job " + answer.jobId() + " may cancel it"));
    };
  }

  private Effect<Event, State> cancelRefused(SessionLog log, String jobId, ErrorPayload error) {
    long seq = log.lastSeq() + 1;
    Stamped stamped = new Stamped(seq, "", 0, Frames.jobError(Ids.message(), Optional.of(sessionId),
        Optional.of(jobId), Optional.empty(), OptionalLong.of(seq), error), services.clock().instant());
    return Effect().persist(stamped).thenRun(newState -> deliver(List.of(stamped)));
  }

  // ---- delivery ---------------------------------------------------------------------------

  private void deliver(List<Stamped> frames) {
    if (connection != null) {
      frames.forEach(frame -> connection.tell(new ConnectionActor.Deliver(frame.seq(), frame.frame())));
    }
  }

  private void send(String frame) {
    if (connection != null) {
      connection.tell(new ConnectionActor.Send(frame));
    }
  }
}
