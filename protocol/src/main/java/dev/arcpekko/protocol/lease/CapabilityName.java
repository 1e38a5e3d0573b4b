package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A capability a lease can grant: one of the reserved names of spec 1.1 §9.2 or a vendor extension
 * {@code x-vendor.<vendor>.<name>}. Each name knows what kind of target its patterns describe.
 */
public final class CapabilityName {
  public static final CapabilityName FS_READ = new CapabilityName("fs.read", TargetKind.PATH);
  public static final CapabilityName FS_WRITE = new CapabilityName("fs.write", TargetKind.PATH);
  public static final CapabilityName NET_FETCH = new CapabilityName("net.fetch", TargetKind.URL);
  public static final CapabilityName TOOL_CALL = new CapabilityName("tool.call", TargetKind.NAME);
  public static final CapabilityName AGENT_DELEGATE =
      new CapabilityName("agent.delegate", TargetKind.NAME);
  public static final CapabilityName COST_BUDGET =
      new CapabilityName("cost.budget", TargetKind.AMOUNT);
  public static final CapabilityName MODEL_USE = new CapabilityName("model.use", TargetKind.NAME);

  private static final List<CapabilityName> RESERVED =
      List.of(FS_READ, FS_WRITE, NET_FETCH, TOOL_CALL, AGENT_DELEGATE, COST_BUDGET, MODEL_USE);
  private static final Pattern VENDOR = Pattern.compile("x-vendor(\\.[a-z0-9_-]+){2,}");
  private static final String EXPECTED =
      RESERVED.stream().map(CapabilityName::wire).collect(Collectors.joining(", "))
          + " or x-vendor.<vendor>.<name>";

  private final String wire;
  private final TargetKind targetKind;

  private CapabilityName(String wire, TargetKind targetKind) {
    this.wire = wire;
    this.targetKind = targetKind;
  }

  /** The capability called {@code name} on the wire; unknown names are an INVALID_REQUEST. */
  public static CapabilityName of(String name) {
    Objects.requireNonNull(name, "name");
    for (CapabilityName reserved : RESERVED) {
      if (reserved.wire.equals(name)) {
        return reserved;
      }
    }
    if (VENDOR.matcher(name).matches()) {
      return new CapabilityName(name, TargetKind.NAME);
    }
    throw ProtocolViolation.invalid(
        "unknown capability '" + name + "': expected one of " + EXPECTED);
  }

  /** The name as it appears as a key of a lease object. */
  public String wire() {
    return wire;
  }

  public TargetKind targetKind() {
    return targetKind;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CapabilityName that && wire.equals(that.wire);
  }

  @Override
  public int hashCode() {
    return wire.hashCode();
  }

  @Override
  public String toString() {
    return wire;
  }
}
