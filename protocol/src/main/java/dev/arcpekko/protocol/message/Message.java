package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectWriter;

/**
 * The typed payload of one ARCP envelope. Each record is one message type of spec 1.0 / 1.1 and
 * knows how to write its own {@code payload}; {@link MessageType} knows how to read each one.
 * {@link VendorMessage} carries {@code x-…} types the runtime does not interpret.
 */
public sealed interface Message
    permits SessionHello,
        SessionWelcome,
        SessionError,
        SessionPing,
        SessionPong,
        SessionAck,
        SessionListJobs,
        SessionJobs,
        SessionBye,
        SessionClose,
        SessionClosed,
        SessionResume,
        JobSubmit,
        JobAccepted,
        JobEventMessage,
        JobResult,
        JobError,
        JobCancel,
        JobCancelled,
        JobSubscribe,
        JobSubscribed,
        JobUnsubscribe,
        VendorMessage {

  /** The envelope {@code type} this payload travels under. */
  String wireType();

  /** Writes this message's fields into the envelope's {@code payload} object. */
  void writePayload(JsonObjectWriter payload);
}
