package dev.arcpekko.runtime.session;

import dev.arcpekko.runtime.JsonSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The durable state of an open session: its principal and negotiated features, the hash of its
 * current resume token, the {@code event_seq} counter, the resume buffer (stamped frames not yet
 * acknowledged and younger than the resume window) and, per job, the last job-local seq it
 * stamped. Mutated only by the session's event handler; snapshots are its {@link Snapshot}.
 */
public final class SessionLog implements SessionEntity.State {

  /** One stamped frame kept for resume. */
  public record Buffered(long seq, String jobId, long jobSeq, String frame, Instant at) implements JsonSerializable {}

  /** The journaled snapshot form. */
  public record Snapshot(String principal, List<String> features, String tokenHash, long lastSeq,
      long ackedSeq, Instant lastSeenAt, List<Buffered> buffer, Map<String, Long> jobCursors)
      implements JsonSerializable {}

  private final String principal;
  private List<String> features;
  private String tokenHash;
  private long lastSeq;
  private long ackedSeq;
  private Instant lastSeenAt;
  private final ArrayDeque<Buffered> buffer;
  private final Map<String, Long> jobCursors;

  SessionLog(String principal, List<String> features, String tokenHash, Instant openedAt) {
    this(new Snapshot(principal, features, tokenHash, 0, 0, openedAt, List.of(), Map.of()));
  }

  SessionLog(Snapshot snapshot) {
    this.principal = Objects.requireNonNull(snapshot.principal());
    this.features = List.copyOf(snapshot.features());
    this.tokenHash = snapshot.tokenHash();
    this.lastSeq = snapshot.lastSeq();
    this.ackedSeq = snapshot.ackedSeq();
    this.lastSeenAt = snapshot.lastSeenAt();
    this.buffer = new ArrayDeque<>(snapshot.buffer());
    this.jobCursors = new HashMap<>(snapshot.jobCursors());
  }

  Snapshot snapshot() {
    return new Snapshot(principal, features, tokenHash, lastSeq, ackedSeq, lastSeenAt, List.copyOf(buffer),
        Map.copyOf(jobCursors));
  }

  String principal() {
    return principal;
  }

  List<String> features() {
    return features;
  }

  String tokenHash() {
    return tokenHash;
  }

  long lastSeq() {
    return lastSeq;
  }

  Instant lastSeenAt() {
    return lastSeenAt;
  }

  /** The last job-local seq stamped for {@code jobId}, 0 when none. */
  long cursorOf(String jobId) {
    return jobCursors.getOrDefault(jobId, 0L);
  }

  /**
   * Whether the buffer holds every frame after {@code lastEventSeq}, so that a resume from there
   * is gap-free.
   */
  boolean canReplayAfter(long lastEventSeq) {
    if (lastEventSeq > lastSeq) {
      return false;
    }
    if (lastEventSeq == lastSeq) {
      return true;
    }
    return !buffer.isEmpty() && buffer.peekFirst().seq() <= lastEventSeq + 1;
  }

  /** The buffered frames after {@code lastEventSeq}, in order. */
  List<Buffered> after(long lastEventSeq) {
    return buffer.stream().filter(entry -> entry.seq() > lastEventSeq).toList();
  }

  void seen(Instant at) {
    if (lastSeenAt == null || at.isAfter(lastSeenAt)) {
      lastSeenAt = at;
    }
  }

  void resumed(String newHash, List<String> negotiated, Instant at) {
    tokenHash = newHash;
    features = List.copyOf(negotiated);
    seen(at);
  }

  void stamp(Buffered entry, Duration window) {
    lastSeq = entry.seq();
    if (!entry.jobId().isEmpty() && entry.jobSeq() > 0) {
      jobCursors.merge(entry.jobId(), entry.jobSeq(), Math::max);
    }
    buffer.addLast(entry);
    seen(entry.at());
    Instant horizon = entry.at().minus(window);
    while (!buffer.isEmpty() && buffer.peekFirst().at().isBefore(horizon)) {
      buffer.removeFirst();
    }
  }

  void ack(long seq, Instant at) {
    ackedSeq = Math.max(ackedSeq, Math.min(seq, lastSeq));
    while (!buffer.isEmpty() && buffer.peekFirst().seq() <= ackedSeq) {
      buffer.removeFirst();
    }
    seen(at);
  }
}
