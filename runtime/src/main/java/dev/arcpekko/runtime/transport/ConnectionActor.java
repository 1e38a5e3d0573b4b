package dev.arcpekko.runtime.transport;

import dev.arcpekko.protocol.DecodeResult;
import dev.arcpekko.protocol.Envelope;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.message.Auth;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.Message;
import dev.arcpekko.protocol.message.ResumeRequest;
import dev.arcpekko.protocol.message.SessionBye;
import dev.arcpekko.protocol.message.SessionClose;
import dev.arcpekko.protocol.message.SessionClosed;
import dev.arcpekko.protocol.message.SessionHello;
import dev.arcpekko.protocol.message.SessionPing;
import dev.arcpekko.protocol.message.SessionPong;
import dev.arcpekko.protocol.message.SessionResume;
import dev.arcpekko.runtime.JsonSerializable;
import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.limits.LimitExceeded;
import dev.arcpekko.runtime.limits.PrincipalSessions;
import dev.arcpekko.runtime.limits.SlotAnswer;
import dev.arcpekko.runtime.session.Frames;
import dev.arcpekko.runtime.session.SessionEntity;
import dev.arcpekko.runtime.session.SessionResumeToken;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One client transport (a WebSocket or stdio): the handshake (bearer auth, feature negotiation,
 * open or resume), frame decoding, ping/pong and idle detection, close, and delivery of the
 * session's frames in seq order. It holds nothing durable: if it dies the client resumes; if the
 * session entity moves, it attaches again and the session replays what it missed.
 */
public final class ConnectionActor {

  /** Features this runtime implements; a credential provisioner adds its own (RuntimeServices.supportedFeatures). */
  public static final Set<Feature> SUPPORTED_FEATURES =
      Set.of(Feature.HEARTBEAT, Feature.ACK, Feature.AGENT_VERSIONS, Feature.PROGRESS, Feature.RESULT_CHUNK,
          Feature.SUBSCRIBE, Feature.LIST_JOBS);

  /** Messages of a connection. */
  public sealed interface Command extends JsonSerializable {}

  /** The transport's inbound stream started; acknowledge each frame to {@code ackTo}. */
  public record TransportReady(ActorRef<Ack> ackTo) implements Command {}

  /** One frame from the peer. */
  public record FromClient(ActorRef<Ack> ackTo, InboundFrame frame) implements Command {}

  /** The peer closed the transport. */
  public record TransportClosed() implements Command {}

  /** The transport failed. */
  public record TransportFailed(String reason) implements Command {}

  /** The session opened or resumed: send the welcome, start heartbeats. */
  public record Welcomed(String sessionId, ActorRef<SessionEntity.Command> session, String welcomeFrame,
      long heartbeatSec) implements Command {}

  /** The session refused the handshake. */
  public record HandshakeRejected(ErrorCode code, String message) implements Command {}

  /** A new incarnation of the session entity serves this connection. */
  public record Attached(String sessionId, ActorRef<SessionEntity.Command> session) implements Command {}

  /** A seq-bearing frame, journaled by the session. */
  public record Deliver(long seq, String frame) implements Command {}

  /** A frame without seq (acceptance, cancel acknowledgement, errors). */
  public record Send(String frame) implements Command {}

  /** Another connection resumed this session; this one closes. */
  public record Replaced(String sessionId) implements Command {}

  /** The session evicted a frame this transport had not been given: it must resume (and learn). */
  public record FellBehind(String sessionId) implements Command {}

  /** The session has processed one forwarded client frame. */
  public record FrameProcessed(String sessionId) implements Command {}

  /** The transport took every frame up to {@code seq} from the outbound queue. */
  public record Written(long seq) implements Command {}

  record SessionLost(ActorRef<SessionEntity.Command> session) implements Command {}

  record HeartbeatTick() implements Command {}

  /** The principal's session limit answered the claim (empty: not in time); {@code next} opens or resumes. */
  record SessionSlotAnswered(Optional<SlotAnswer> answer, String sessionId, SessionEntity.Command next)
      implements Command {}

  /** Time to re-assert the held slot, which rebuilds the count of a restarted or moved limit entity. */
  record ReassertSessionSlot() implements Command {}

  /** Acknowledges one inbound frame to the transport's stream (back-pressure). */
  public enum Ack { INSTANCE }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final RuntimeServices services;
  private final Outbound outbound;
  private static final int MAX_FRAMES_AT_SESSION = 64;
  private static final Duration SLOT_TIMEOUT = Duration.ofSeconds(10);

  /** The slot of {@code principal}'s session limit this connection holds for its session. */
  private record HeldSlot(String principal, String sessionId) {}

  private String sessionId;
  private ActorRef<SessionEntity.Command> session;
  private long lastDeliveredSeq;
  private boolean repairing;
  private int framesAtSession;
  private ActorRef<Ack> withheldAck;
  private HeldSlot heldSlot;
  private Duration heartbeat = Duration.ZERO;
  private long lastInboundNanos = System.nanoTime();
  private long lastOutboundNanos = System.nanoTime();

  private ConnectionActor(ActorContext<Command> context, TimerScheduler<Command> timers,
      RuntimeServices services, Outbound outbound) {
    this.context = context;
    this.timers = timers;
    this.services = services;
    this.outbound = outbound;
  }

  /** A connection writing to {@code outbound}. */
  public static Behavior<Command> create(RuntimeServices services, Outbound outbound) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        new ConnectionActor(context, timers, services, outbound).awaitingHello()));
  }

  // ---- states -----------------------------------------------------------------------------

  private Behavior<Command> awaitingHello() {
    return Behaviors.receive(Command.class)
        .onMessage(TransportReady.class, this::acknowledge)
        .onMessage(FromClient.class, this::beforeWelcome)
        .onMessage(TransportClosed.class, closed -> Behaviors.stopped())
        .onMessage(TransportFailed.class, failed -> Behaviors.stopped())
        .onSignal(PostStop.class, this::closeTransport)
        .build();
  }

  private Behavior<Command> handshaking(String helloId) {
    return Behaviors.withStash(1024, stash -> Behaviors.receive(Command.class)
        .onMessage(FromClient.class, frame -> {
          stash.stash(frame);
          return Behaviors.same();
        })
        .onMessage(Welcomed.class, welcomed -> stash.unstashAll(open(welcomed)))
        .onMessage(HandshakeRejected.class, rejected -> refuse(helloId, rejected.code(), rejected.message()))
        .onMessage(SessionSlotAnswered.class, answered -> sessionSlotAnswered(helloId, answered))
        .onMessage(Deliver.class, deliver -> {
          stash.stash(deliver);
          return Behaviors.same();
        })
        .onMessage(TransportClosed.class, closed -> Behaviors.stopped())
        .onMessage(TransportFailed.class, failed -> Behaviors.stopped())
        .onSignal(PostStop.class, this::closeTransport)
        .build());
  }

  private Behavior<Command> open(Welcomed welcomed) {
    sessionId = welcomed.sessionId();
    watch(welcomed.session());
    write(welcomed.welcomeFrame());
    if (welcomed.heartbeatSec() > 0) {
      heartbeat = Duration.ofSeconds(welcomed.heartbeatSec());
      timers.startTimerWithFixedDelay(new HeartbeatTick(), heartbeat.dividedBy(2));
    }
    if (heldSlot != null) {
      timers.startTimerWithFixedDelay(new ReassertSessionSlot(), services.settings().heartbeatInterval());
    }
    return Behaviors.receive(Command.class)
        .onMessage(FromClient.class, this::afterWelcome)
        .onMessage(Deliver.class, this::deliver)
        .onMessage(Send.class, send -> {
          write(send.frame());
          return Behaviors.same();
        })
        .onMessage(Attached.class, attached -> {
          watch(attached.session());
          return Behaviors.same();
        })
        .onMessage(FrameProcessed.class, processed -> frameProcessed())
        .onMessage(Written.class, written -> {
          session.tell(new SessionEntity.Written(written.seq()));
          return Behaviors.same();
        })
        .onMessage(SessionLost.class, this::sessionLost)
        .onMessage(HeartbeatTick.class, tick -> heartbeatTick())
        .onMessage(ReassertSessionSlot.class, tick -> reassertSessionSlot())
        .onMessage(Replaced.class, replaced -> close("replaced by a resumed connection"))
        .onMessage(FellBehind.class, behind -> close("the client fell behind the session's resume buffer"))
        .onMessage(TransportClosed.class, closed -> detachAndStop())
        .onMessage(TransportFailed.class, failed -> detachAndStop())
        .onSignal(PostStop.class, this::closeTransport)
        .build();
  }

  private Behavior<Command> closing() {
    return Behaviors.receive(Command.class)
        .onMessage(FromClient.class, this::acknowledge)
        .onMessage(TransportClosed.class, closed -> Behaviors.stopped())
        .onMessage(TransportFailed.class, failed -> Behaviors.stopped())
        .onAnyMessage(ignored -> Behaviors.same())
        .build();
  }

  // ---- before the welcome -----------------------------------------------------------------

  private Behavior<Command> beforeWelcome(FromClient inbound) {
    inbound.ackTo().tell(Ack.INSTANCE);
    lastInboundNanos = System.nanoTime();
    if (!(inbound.frame() instanceof InboundFrame.Text text)) {
      writePreSessionError(refusalOf(inbound.frame()));
      return Behaviors.same();
    }
    DecodeResult decoded = services.codec().decode(text.text());
    if (decoded instanceof DecodeResult.Rejected rejected) {
      writePreSessionError(rejected.error());
      return Behaviors.same();
    }
    Envelope envelope = ((DecodeResult.Decoded) decoded).envelope();
    Message message = envelope.message();
    if (message instanceof SessionPing ping) {
      write(pong(Optional.empty(), ping));
      return Behaviors.same();
    }
    if (message instanceof SessionHello hello) {
      return handshake(envelope.id(), hello.auth(), hello.capabilities().features(), hello.resume());
    }
    if (message instanceof SessionResume resume) {
      // A session.resume without auth is authenticated by its resume token alone.
      Optional<String> principal = resume.auth().isEmpty() ? Optional.empty() : authenticate(resume.auth());
      if (resume.auth().isPresent() && principal.isEmpty()) {
        return refuse(envelope.id(), ErrorCode.UNAUTHENTICATED, "the bearer token is missing or not accepted");
      }
      return resume(envelope.id(), principal, Optional.empty(), resume.request());
    }
    writePreSessionError(ErrorPayload.of(ErrorCode.INVALID_REQUEST,
        envelope.type() + " is not accepted before session.hello"));
    return Behaviors.same();
  }

  private Behavior<Command> handshake(String helloId, Optional<Auth> auth, Set<Feature> offered,
      Optional<ResumeRequest> resume) {
    Optional<String> principal = authenticate(auth);
    if (principal.isEmpty()) {
      return refuse(helloId, ErrorCode.UNAUTHENTICATED,
          auth.isEmpty() ? "session.hello carries no auth" : "the bearer token is missing or not accepted");
    }
    List<String> features = Feature.wireNames(Feature.intersect(offered, services.supportedFeatures()));
    if (resume.isEmpty()) {
      String newSessionId = Ids.session();
      return enter(helloId, principal, newSessionId,
          new SessionEntity.Open(principal.get(), features, context.getSelf()));
    }
    return resume(helloId, principal, Optional.of(features), resume.get());
  }

  private Optional<String> authenticate(Optional<Auth> auth) {
    return auth
        .filter(a -> Auth.BEARER.equals(a.scheme()))
        .flatMap(Auth::token)
        .flatMap(token -> services.tokens().principalFor(token));
  }

  /**
   * Resumes the session the request names (or its token names). A {@code session.resume} without
   * auth is authenticated by the resume token alone, which is a session credential (spec 1.0 §13);
   * it carries no capabilities, so the session keeps the features it had ({@code features} empty).
   */
  private Behavior<Command> resume(String helloId, Optional<String> principal, Optional<List<String>> features,
      ResumeRequest request) {
    Optional<String> target = request.sessionId().or(() -> SessionResumeToken.sessionOf(request.resumeToken()));
    if (target.isEmpty()) {
      return refuse(helloId, ErrorCode.RESUME_WINDOW_EXPIRED, "the resume token names no session");
    }
    lastDeliveredSeq = request.lastEventSeq();
    return enter(helloId, principal, target.get(), new SessionEntity.Resume(request.resumeToken(),
        request.lastEventSeq(), principal, features, context.getSelf()));
  }

  /**
   * Claims a slot of the principal's session limit for {@code sessionId}, then sends {@code next}
   * (open or resume) to the session. A {@code session.resume} authenticated by its token alone has
   * no principal here and is not counted (docs/architecture.md, "Per-principal limits").
   */
  private Behavior<Command> enter(String helloId, Optional<String> principal, String sessionId,
      SessionEntity.Command next) {
    if (principal.isEmpty() || services.settings().maxSessionsPerPrincipal() == 0) {
      services.session(sessionId).tell(next);
      return handshaking(helloId);
    }
    heldSlot = new HeldSlot(principal.get(), sessionId);
    context.ask(SlotAnswer.class, services.principalSessions(principal.get()), SLOT_TIMEOUT,
        replyTo -> new PrincipalSessions.Claim(sessionId, context.getSelf(), replyTo),
        (answer, failure) -> new SessionSlotAnswered(Optional.ofNullable(answer), sessionId, next));
    return handshaking(helloId);
  }

  private Behavior<Command> sessionSlotAnswered(String helloId, SessionSlotAnswered answered) {
    if (answered.answer().isEmpty()) {
      return refuse(helloId, ErrorPayload.of(ErrorCode.INTERNAL_ERROR,
          "the session limit of this principal could not be checked; retry"));
    }
    if (answered.answer().get() instanceof SlotAnswer.Refused refused) {
      heldSlot = null;
      return refuse(helloId, LimitExceeded.sessions(refused.max()));
    }
    services.session(answered.sessionId()).tell(answered.next());
    return Behaviors.same();
  }

  private Behavior<Command> reassertSessionSlot() {
    services.principalSessions(heldSlot.principal())
        .tell(new PrincipalSessions.Reassert(heldSlot.sessionId(), context.getSelf()));
    return Behaviors.same();
  }

  /** Frees the held slot now; the limit entity's watch would free it once this actor stops. */
  private void releaseSessionSlot() {
    if (heldSlot != null) {
      services.principalSessions(heldSlot.principal()).tell(new PrincipalSessions.Release(context.getSelf()));
      heldSlot = null;
    }
  }

  /**
   * Refuses the handshake in both clients' forms (a {@code session.error} with a fresh session id,
   * and a jobless {@code job.error} echoing the hello's id), then closes the transport.
   */
  private Behavior<Command> refuse(String helloId, ErrorCode code, String message) {
    return refuse(helloId, ErrorPayload.of(code, message));
  }

  private Behavior<Command> refuse(String helloId, ErrorPayload error) {
    releaseSessionSlot();
    writePreSessionError(error);
    write(Frames.jobError(helloId, Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), error));
    outbound.close();
    return closing();
  }

  private void writePreSessionError(ErrorPayload error) {
    write(Frames.sessionError(Ids.message(), Ids.session(), error));
  }

  // ---- open session -----------------------------------------------------------------------

  private Behavior<Command> afterWelcome(FromClient inbound) {
    lastInboundNanos = System.nanoTime();
    Optional<Behavior<Command>> handled = handleHere(inbound.frame());
    if (handled.isPresent()) {
      inbound.ackTo().tell(Ack.INSTANCE);
      return handled.get();
    }
    session.tell(new SessionEntity.ClientFrame(((InboundFrame.Text) inbound.frame()).text(), context.getSelf()));
    framesAtSession++;
    // Credit-based flow control: the session acknowledges each frame it has processed, so a client
    // cannot pile more than a bounded number of frames into the session's stash.
    if (framesAtSession < MAX_FRAMES_AT_SESSION) {
      inbound.ackTo().tell(Ack.INSTANCE);
    } else {
      withheldAck = inbound.ackTo();
    }
    return Behaviors.same();
  }

  /**
   * Handles what the connection owns (refusals, ping/pong, close, stray handshakes); empty when
   * the frame is the session's business.
   */
  private Optional<Behavior<Command>> handleHere(InboundFrame frame) {
    if (!(frame instanceof InboundFrame.Text text)) {
      write(Frames.sessionError(Ids.message(), sessionId, refusalOf(frame)));
      return Optional.of(Behaviors.same());
    }
    DecodeResult decoded = services.codec().decode(text.text());
    if (!(decoded instanceof DecodeResult.Decoded ok)) {
      return Optional.empty();
    }
    Optional<String> named = ok.envelope().sessionId();
    if (named.filter(id -> !id.equals(sessionId)).isPresent()) {
      // Checked here, before ping or close is acted on, so no frame can act on another session.
      write(Frames.sessionError(Ids.message(), sessionId, ErrorPayload.of(ErrorCode.INVALID_REQUEST,
          "session_id " + named.get() + " is not this connection's session")));
      return Optional.of(Behaviors.same());
    }
    Message message = ok.envelope().message();
    if (message instanceof SessionPing ping) {
      write(pong(Optional.of(sessionId), ping));
      return Optional.of(Behaviors.same());
    }
    if (message instanceof SessionPong) {
      return Optional.of(Behaviors.same());
    }
    if (message instanceof SessionBye || message instanceof SessionClose) {
      Optional<String> reason = message instanceof SessionBye bye ? bye.reason() : ((SessionClose) message).reason();
      write(Frames.envelope(Ids.message(), "session.closed", Optional.of(sessionId), Optional.empty(),
          Optional.empty(), OptionalLong.empty(), Frames.payloadOf(new SessionClosed(reason))));
      return Optional.of(close("closed by the client"));
    }
    if (message instanceof SessionHello || message instanceof SessionResume) {
      write(Frames.sessionError(Ids.message(), sessionId, ErrorPayload.of(ErrorCode.INVALID_REQUEST,
          "the session is already open; " + ok.envelope().type() + " is only valid as the first frame")));
      return Optional.of(Behaviors.same());
    }
    return Optional.empty();
  }

  /** The session took one forwarded frame off its hands: read the next one if we had paused. */
  private Behavior<Command> frameProcessed() {
    framesAtSession = Math.max(0, framesAtSession - 1);
    releaseWithheldAck();
    return Behaviors.same();
  }

  private void releaseWithheldAck() {
    if (withheldAck != null && framesAtSession < MAX_FRAMES_AT_SESSION) {
      withheldAck.tell(Ack.INSTANCE);
      withheldAck = null;
    }
  }

  private Behavior<Command> deliver(Deliver deliver) {
    if (deliver.seq() <= lastDeliveredSeq) {
      return Behaviors.same();
    }
    if (deliver.seq() > lastDeliveredSeq + 1) {
      if (!repairing) {
        repairing = true;
        session.tell(new SessionEntity.Reattach(lastDeliveredSeq, context.getSelf()));
      }
      return Behaviors.same();
    }
    repairing = false;
    lastDeliveredSeq = deliver.seq();
    return write(deliver.seq(), deliver.frame()) ? Behaviors.same() : close("the client is not reading fast enough");
  }

  private Behavior<Command> sessionLost(SessionLost lost) {
    if (lost.session().equals(session)) {
      // Frames the lost incarnation held are gone; the client learns of them by their absence
      // of answers, and reading must not stay paused on their credit.
      framesAtSession = 0;
      releaseWithheldAck();
      services.session(sessionId).tell(new SessionEntity.Reattach(lastDeliveredSeq, context.getSelf()));
    }
    return Behaviors.same();
  }

  private Behavior<Command> heartbeatTick() {
    long now = System.nanoTime();
    if (now - lastInboundNanos > heartbeat.multipliedBy(2).toNanos()) {
      write(Frames.sessionError(Ids.message(), sessionId, ErrorPayload.of(ErrorCode.HEARTBEAT_LOST,
          "nothing received for two heartbeat intervals")));
      return close("heartbeat lost");
    }
    if (now - lastOutboundNanos >= heartbeat.dividedBy(2).toNanos()) {
      SessionPing ping = new SessionPing(Ids.message(), Optional.of(services.clock().instant()));
      write(Frames.envelope(Ids.message(), ping.wireType(), Optional.of(sessionId), Optional.empty(),
          Optional.empty(), OptionalLong.empty(), Frames.payloadOf(ping)));
    }
    return Behaviors.same();
  }

  private Behavior<Command> close(String reason) {
    context.getLog().debug("closing connection of session {}: {}", sessionId, reason);
    timers.cancelAll();
    releaseSessionSlot();
    session.tell(new SessionEntity.Detach(context.getSelf()));
    outbound.close();
    return closing();
  }

  private Behavior<Command> detachAndStop() {
    session.tell(new SessionEntity.Detach(context.getSelf()));
    return Behaviors.stopped();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private void watch(ActorRef<SessionEntity.Command> newSession) {
    if (session != null && !session.equals(newSession)) {
      context.unwatch(session);
    }
    session = newSession;
    context.watchWith(newSession, new SessionLost(newSession));
  }

  private Behavior<Command> acknowledge(TransportReady ready) {
    ready.ackTo().tell(Ack.INSTANCE);
    return Behaviors.same();
  }

  private Behavior<Command> acknowledge(FromClient inbound) {
    inbound.ackTo().tell(Ack.INSTANCE);
    return Behaviors.same();
  }

  private String pong(Optional<String> forSession, SessionPing ping) {
    SessionPong pong = new SessionPong(ping.nonce(), Optional.of(services.clock().instant()));
    return Frames.envelope(Ids.message(), pong.wireType(), forSession, Optional.empty(), Optional.empty(),
        OptionalLong.empty(), Frames.payloadOf(pong));
  }

  private ErrorPayload refusalOf(InboundFrame frame) {
    if (frame instanceof InboundFrame.Oversized oversized) {
      return ErrorPayload.of(ErrorCode.INVALID_REQUEST, "frame of " + oversized.bytes()
          + " bytes exceeds the limit of " + services.settings().maxFrameBytes() + " bytes");
    }
    return ErrorPayload.of(ErrorCode.INVALID_REQUEST, "binary frames are not part of ARCP; send JSON text");
  }

  private boolean write(String frame) {
    return write(0, frame);
  }

  private boolean write(long seq, String frame) {
    lastOutboundNanos = System.nanoTime();
    return outbound.offer(seq, frame);
  }

  private Behavior<Command> closeTransport(PostStop stop) {
    outbound.close();
    return Behaviors.same();
  }
}
