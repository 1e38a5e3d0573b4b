package dev.arcpekko.runtime.job;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The delegations a running job made, by key (see {@link
 * dev.arcpekko.runtime.agent.DelegationRequest}), and how many delegate calls its agent had made
 * at its last checkpoint: what a restarted run needs to find the children it already has.
 */
public record DelegationLog(Map<String, Entry> byKey, int callsAtCheckpoint) {
  /** A job that never delegated. */
  public static final DelegationLog NONE = new DelegationLog(Map.of(), 0);

  /** The child started under a key, and the fingerprint of the request that started it. */
  public record Entry(String childJobId, String delegateId, String fingerprint) {}

  public DelegationLog {
    byKey = byKey == null ? Map.of() : Map.copyOf(byKey);
  }

  /** With {@code entry} under {@code key} (a later delegation under a key replaces an earlier one). */
  DelegationLog with(String key, Entry entry) {
    Map<String, Entry> more = new HashMap<>(byKey);
    more.put(key, entry);
    return new DelegationLog(more, callsAtCheckpoint);
  }

  /** The agent checkpointed after {@code calls} delegate calls. */
  DelegationLog checkpointed(int calls) {
    return new DelegationLog(byKey, calls);
  }

  /** A run's view, counting its delegate calls from the last checkpoint. Agent thread only. */
  Redelegations forRun() {
    return new Redelegations(new HashMap<>(byKey), callsAtCheckpoint);
  }

  /** The keys of one run's delegate calls, and the children started under them. */
  static final class Redelegations {
    private final Map<String, Entry> byKey;
    private int calls;

    private Redelegations(Map<String, Entry> byKey, int calls) {
      this.byKey = byKey;
      this.calls = calls;
    }

    /** The key of the next delegate call: {@code explicit}, else its place among the calls. */
    String nextKey(Optional<String> explicit) {
      int ordinal = calls++;
      return explicit.map(key -> "key:" + key).orElse("#" + ordinal);
    }

    /** The child an earlier delegation under {@code key} started, if any. */
    Optional<Entry> earlier(String key) {
      return Optional.ofNullable(byKey.get(key));
    }

    /** A delegation under {@code key} started a child. */
    void started(String key, Entry entry) {
      byKey.put(key, entry);
    }

    /** Delegate calls so far, counting those before the checkpoint the run resumed at. */
    int calls() {
      return calls;
    }
  }
}
