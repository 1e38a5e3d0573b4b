package dev.arcpekko.protocol;

/**
 * Bounds on inbound frames, checked before any payload is interpreted so that hostile input is
 * refused quickly and in bounded memory.
 *
 * @param maxFrameBytes largest accepted frame, in UTF-8 bytes
 * @param maxNestingDepth deepest accepted nesting of arrays and objects
 */
public record CodecLimits(int maxFrameBytes, int maxNestingDepth) {
  /** 1 MiB frames (the node's default inbound limit), 64 levels of nesting. */
  public static final CodecLimits DEFAULT = new CodecLimits(1024 * 1024, 64);

  public CodecLimits {
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1024");
    }
    if (maxNestingDepth < 8) {
      throw new IllegalArgumentException("maxNestingDepth must be at least 8");
    }
  }
}
