package dev.arcpekko.runtime.session;

import dev.arcpekko.runtime.JsonSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The durable state of an open session: its principal and negotiated features, the hash of its
 * current resume token, the {@code event_seq} counter, the resume buffer (stamped frames not yet
 * acknowledged, younger than the resume window and within the byte limit), per job the last
 * job-local seq it stamped, and the jobs of other sessions it subscribes to (with their trace
 * ids). Mutated only by the session's event handler; snapshots are its {@link Snapshot}.
 */
public final class SessionLog implements SessionEntity.State {

  /** One stamped frame kept for resume. */
  public record Buffered(long seq, String jobId, long jobSeq, String frame, Instant at) implements JsonSerializable {}

  /** The journaled snapshot form. */
  public record Snapshot(String principal, List<String> features, String tokenHash, long lastSeq,
      long ackedSeq, Instant lastSeenAt, List<Buffered> buffer, Map<String, Long> jobCursors,
      Map<String, String> subscriptions) implements JsonSerializable {}

  private final String principal;
  private List<String> features;
  private String tokenHash;
  private long lastSeq;
  private long ackedSeq;
  private Instant lastSeenAt;
  private final ArrayDeque<Buffered> buffer;
  private final Map<String, Long> jobCursors;
  private final Map<String, String> subscriptions;
  private long bufferBytes;

  SessionLog(String principal, List<String> features, String tokenHash, Instant openedAt) {
    this(new Snapshot(principal, features, tokenHash, 0, 0, openedAt, List.of(), Map.of(), Map.of()));
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
    this.subscriptions = new HashMap<>(snapshot.subscriptions() == null ? Map.of() : snapshot.subscriptions());
    this.bufferBytes = buffer.stream().mapToLong(entry -> entry.frame().length()).sum();
  }

  Snapshot snapshot() {
    return new Snapshot(principal, features, tokenHash, lastSeq, ackedSeq, lastSeenAt, List.copyOf(buffer),
        Map.copyOf(jobCursors), Map.copyOf(subscriptions));
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

  long ackedSeq() {
    return ackedSeq;
  }

  /** Whether the session subscribes to {@code jobId} (a job of another session). */
  boolean isSubscribed(String jobId) {
    return subscriptions.containsKey(jobId);
  }

  /** The subscribed jobs and their trace ids. */
  Map<String, String> subscriptions() {
    return Map.copyOf(subscriptions);
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

  /**
   * For a subscriber's {@code from_event_seq} in this (the owner's) seq space: the job-local seq
   * after which the job's frames were stamped at seqs above {@code afterSeq}, or empty when the
   * buffer no longer reaches back that far.
   */
  OptionalLong jobCursorAfter(String jobId, long afterSeq) {
    if (afterSeq < lastSeq && (buffer.isEmpty() || buffer.peekFirst().seq() > afterSeq + 1)) {
      return OptionalLong.empty();
    }
    for (Buffered entry : buffer) {
      if (entry.seq() > afterSeq && entry.jobId().equals(jobId) && entry.jobSeq() > 0) {
        return OptionalLong.of(entry.jobSeq() - 1);
      }
    }
    return OptionalLong.of(cursorOf(jobId));
  }

  /** At most {@code max} buffered frames after {@code lastEventSeq}, in order. */
  List<Buffered> after(long lastEventSeq, int max) {
    return buffer.stream().filter(entry -> entry.seq() > lastEventSeq).limit(max).toList();
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

  /**
   * Appends a stamped frame, then drops frames older than {@code window} and, oldest first, frames
   * beyond {@code maxBytes} of buffered text (a resume that needs them is refused, never gapped).
   */
  void stamp(Buffered entry, Duration window, long maxBytes) {
    lastSeq = entry.seq();
    if (!entry.jobId().isEmpty() && entry.jobSeq() > 0) {
      jobCursors.merge(entry.jobId(), entry.jobSeq(), Math::max);
    }
    buffer.addLast(entry);
    bufferBytes += entry.frame().length();
    seen(entry.at());
    Instant horizon = entry.at().minus(window);
    while (!buffer.isEmpty() && (buffer.peekFirst().at().isBefore(horizon) || bufferBytes > maxBytes)) {
      bufferBytes -= buffer.removeFirst().frame().length();
    }
  }

  void ack(long seq, Instant at) {
    ackedSeq = Math.max(ackedSeq, Math.min(seq, lastSeq));
    while (!buffer.isEmpty() && buffer.peekFirst().seq() <= ackedSeq) {
      bufferBytes -= buffer.removeFirst().frame().length();
    }
    seen(at);
  }

  /** The session starts observing {@code jobId}; its frames resume after job-local {@code cursor}. */
  void subscribe(String jobId, String traceId, long cursor) {
    subscriptions.put(jobId, traceId);
    jobCursors.put(jobId, cursor);
  }

  void unsubscribe(String jobId) {
    subscriptions.remove(jobId);
  }
}
