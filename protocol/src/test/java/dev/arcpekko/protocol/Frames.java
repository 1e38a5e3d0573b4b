package dev.arcpekko.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.message.Message;

/** Builds frames for tests and decodes them with the default codec. */
public final class Frames {
  public static final ArcpCodec CODEC = new ArcpCodec();

  private Frames() {}

  /** A frame of {@code type} with {@code payload} (JSON text) and the given extra envelope fields. */
  public static String frame(String type, String payload, String... envelopeFields) {
    StringBuilder frame = new StringBuilder("{\"arcp\":\"1.1\",\"id\":\"msg_1\",\"type\":\"")
        .append(type).append('"');
    for (String field : envelopeFields) {
      frame.append(',').append(field);
    }
    return frame.append(",\"payload\":").append(payload).append('}').toString();
  }

  /** Decodes a frame that must be accepted. */
  public static Envelope decoded(String frame) {
    DecodeResult result = CODEC.decode(frame);
    assertThat(result).as("decoding %s", frame).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).envelope();
  }

  /** Decodes a frame that must be accepted and returns its message as {@code type}. */
  public static <T extends Message> T message(String frame, Class<T> type) {
    return type.cast(decoded(frame).message());
  }

  /** Decodes a frame that must be rejected and returns the error. */
  public static ErrorPayload rejection(String frame) {
    return rejected(frame).error();
  }

  public static DecodeResult.Rejected rejected(String frame) {
    DecodeResult result = CODEC.decode(frame);
    assertThat(result).as("decoding %s", frame).isInstanceOf(DecodeResult.Rejected.class);
    return (DecodeResult.Rejected) result;
  }
}
