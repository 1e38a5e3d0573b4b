package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every core message type of ARCP v1.0 + v1.1, with the envelope fields it requires and the
 * reader for its payload.
 */
public enum MessageType {
  SESSION_HELLO("session.hello", EnvelopeFields.NONE, payloadOnly(SessionHello::read)),
  SESSION_WELCOME("session.welcome", EnvelopeFields.NONE, payloadOnly(SessionWelcome::read)),
  SESSION_ERROR("session.error", EnvelopeFields.NONE, payloadOnly(SessionError::read)),
  SESSION_PING("session.ping", EnvelopeFields.NONE, payloadOnly(SessionPing::read)),
  SESSION_PONG("session.pong", EnvelopeFields.NONE, payloadOnly(SessionPong::read)),
  SESSION_ACK("session.ack", EnvelopeFields.NONE, payloadOnly(SessionAck::read)),
  SESSION_LIST_JOBS("session.list_jobs", EnvelopeFields.NONE, payloadOnly(SessionListJobs::read)),
  SESSION_JOBS("session.jobs", EnvelopeFields.NONE, payloadOnly(SessionJobs::read)),
  SESSION_BYE("session.bye", EnvelopeFields.NONE, payloadOnly(SessionBye::read)),
  SESSION_CLOSE("session.close", EnvelopeFields.NONE, payloadOnly(SessionClose::read)),
  SESSION_CLOSED("session.closed", EnvelopeFields.NONE, payloadOnly(SessionClosed::read)),
  SESSION_RESUME("session.resume", EnvelopeFields.NONE, payloadOnly(SessionResume::read)),
  JOB_SUBMIT("job.submit", EnvelopeFields.NONE, payloadOnly(JobSubmit::read)),
  JOB_ACCEPTED("job.accepted", EnvelopeFields.NONE, payloadOnly(JobAccepted::read)),
  JOB_EVENT("job.event", EnvelopeFields.JOB_AND_SEQ, payloadOnly(JobEventMessage::read)),
  JOB_RESULT("job.result", EnvelopeFields.JOB_AND_SEQ, payloadOnly(JobResult::read)),
  JOB_ERROR("job.error", EnvelopeFields.SEQ, payloadOnly(JobError::read)),
  JOB_CANCEL("job.cancel", EnvelopeFields.JOB, payloadOnly(JobCancel::read)),
  JOB_CANCELLED("job.cancelled", EnvelopeFields.NONE, payloadOnly(JobCancelled::read)),
  JOB_SUBSCRIBE("job.subscribe", EnvelopeFields.NONE, JobSubscribe::read),
  JOB_SUBSCRIBED("job.subscribed", EnvelopeFields.NONE, payloadOnly(JobSubscribed::read)),
  JOB_UNSUBSCRIBE("job.unsubscribe", EnvelopeFields.NONE, JobUnsubscribe::read);

  /** Which optional envelope fields a type makes mandatory. */
  public enum EnvelopeFields {
    NONE(false, false),
    JOB(true, false),
    SEQ(false, true),
    JOB_AND_SEQ(true, true);

    private final boolean jobId;
    private final boolean eventSeq;

    EnvelopeFields(boolean jobId, boolean eventSeq) {
      this.jobId = jobId;
      this.eventSeq = eventSeq;
    }

    public boolean requiresJobId() {
      return jobId;
    }

    public boolean requiresEventSeq() {
      return eventSeq;
    }
  }

  /** Reads one payload; {@code envelopeJobId} is the envelope's {@code job_id}, when present. */
  @FunctionalInterface
  public interface PayloadReader {
    Message read(JsonObjectReader payload, Optional<String> envelopeJobId);
  }

  /** A reader for payloads that do not depend on the envelope's {@code job_id}. */
  private static PayloadReader payloadOnly(Function<JsonObjectReader, Message> reader) {
    return (payload, envelopeJobId) -> reader.apply(payload);
  }

  private static final Map<String, MessageType> BY_WIRE = new HashMap<>();

  static {
    for (MessageType type : values()) {
      BY_WIRE.put(type.wire, type);
    }
  }

  private final String wire;
  private final EnvelopeFields envelope;
  private final PayloadReader reader;

  MessageType(String wire, EnvelopeFields envelope, PayloadReader reader) {
    this.wire = wire;
    this.envelope = envelope;
    this.reader = reader;
  }

  public String wire() {
    return wire;
  }

  public EnvelopeFields envelope() {
    return envelope;
  }

  public Message read(JsonObjectReader payload, Optional<String> envelopeJobId) {
    return reader.read(payload, envelopeJobId);
  }

  public static Optional<MessageType> fromWire(String type) {
    return Optional.ofNullable(BY_WIRE.get(type));
  }
}
