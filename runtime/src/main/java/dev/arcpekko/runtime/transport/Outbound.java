package dev.arcpekko.runtime.transport;

import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * The write side of one transport: a bounded queue of JSON frames drained by the transport's
 * stream. A full queue means the peer stopped reading.
 */
public final class Outbound {
  /** A frame to write; {@code seq} is its {@code event_seq}, 0 for frames without one. */
  public record Outgoing(long seq, String text) {}

  // Used only from the owning connection actor, so no synchronisation is needed.
  private final BoundedSourceQueue<Outgoing> queue;
  private boolean closed;

  public Outbound(BoundedSourceQueue<Outgoing> queue) {
    this.queue = queue;
  }

  /** Queues a frame; {@code false} when the peer is too slow or gone. */
  boolean offer(long seq, String frame) {
    return !closed && queue.offer(new Outgoing(seq, frame)) == QueueOfferResult.enqueued();
  }

  /** Flushes what is queued, then closes the transport. */
  void close() {
    if (!closed) {
      closed = true;
      try {
        queue.complete();
      } catch (IllegalStateException alreadyDone) {
        // The transport ended from the peer's side first; there is nothing left to flush.
      }
    }
  }
}
