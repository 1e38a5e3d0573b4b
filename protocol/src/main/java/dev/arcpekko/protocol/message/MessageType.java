package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every core message type of ARCP v1.0 + v1.1, with the envelope fields it requires and the
 * reader for its payload.
 */
public enum MessageType {
  SESSION_HELLO("session.hello", EnvelopeFields.NONE, (p, job) -> SessionHello.read(p)),
  SESSION_WELCOME("session.welcome", EnvelopeFields.NONE, (p, job) -> SessionWelcome.read(p)),
  SESSION_ERROR("session.error", EnvelopeFields.NONE, (p, job) -> SessionError.read(p)),
  SESSION_PING("session.ping", EnvelopeFields.NONE, (p, job) -> SessionPing.read(p)),
  SESSION_PONG("session.pong", EnvelopeFields.NONE, (p, job) -> SessionPong.read(p)),
  SESSION_ACK("session.ack", EnvelopeFields.NONE, (p, job) -> SessionAck.read(p)),
  SESSION_LIST_JOBS("session.list_jobs", EnvelopeFields.NONE, (p, job) -> SessionListJobs.read(p)),
  SESSION_JOBS("session.jobs", EnvelopeFields.NONE, (p, job) -> SessionJobs.read(p)),
  SESSION_BYE("session.bye", EnvelopeFields.NONE, (p, job) -> SessionBye.read(p)),
  SESSION_CLOSE("session.close", EnvelopeFields.NONE, (p, job) -> SessionClose.read(p)),
  SESSION_CLOSED("session.closed", EnvelopeFields.NONE, (p, job) -> SessionClosed.read(p)),
  SESSION_RESUME("session.resume", EnvelopeFields.NONE, (p, job) -> SessionResume.read(p)),
  JOB_SUBMIT("job.submit", EnvelopeFields.NONE, (p, job) -> JobSubmit.read(p)),
  JOB_ACCEPTED("job.accepted", EnvelopeFields.NONE, (p, job) -> JobAccepted.read(p)),
  JOB_EVENT("job.event", EnvelopeFields.JOB_AND_SEQ, (p, job) -> JobEventMessage.read(p)),
  JOB_RESULT("job.result", EnvelopeFields.JOB_AND_SEQ, (p, job) -> JobResult.read(p)),
  JOB_ERROR("job.error", EnvelopeFields.SEQ, (p, job) -> JobError.read(p)),
  JOB_CANCEL("job.cancel", EnvelopeFields.JOB, (p, job) -> JobCancel.read(p)),
  JOB_CANCELLED("job.cancelled", EnvelopeFields.NONE, (p, job) -> JobCancelled.read(p)),
  JOB_SUBSCRIBE("job.subscribe", EnvelopeFields.NONE, JobSubscribe::read),
  JOB_SUBSCRIBED("job.subscribed", EnvelopeFields.NONE, (p, job) -> JobSubscribed.read(p)),
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
