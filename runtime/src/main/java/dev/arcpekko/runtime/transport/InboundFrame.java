package dev.arcpekko.runtime.transport;

/** What a transport read from its peer: a text frame, a frame over the size limit, or binary. */
public sealed interface InboundFrame {

  /** A complete text frame within the size limit. */
  record Text(String text) implements InboundFrame {}

  /** A frame that exceeded the limit; its content was discarded. */
  record Oversized(long bytes) implements InboundFrame {}

  /** A binary frame (not part of ARCP); its content was discarded. */
  record Binary() implements InboundFrame {}

  /** The UTF-8 size of {@code text}, counted without encoding it. */
  static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** {@code text} as a frame, or {@link Oversized} when it exceeds {@code maxBytes}. */
  static InboundFrame ofText(String text, int maxBytes) {
    long bytes = text.length() > maxBytes ? text.length() : utf8Length(text);
    return bytes > maxBytes ? new Oversized(bytes) : new Text(text);
  }
}
