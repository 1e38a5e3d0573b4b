package dev.arcpekko.runtime.session;

import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.job.JobHistory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * A session's journal readers: per job at most one back-pressured stream of the job's journaled
 * outputs into the session, used for subscription history and to repair gaps in live delivery.
 * The session acknowledges a batch only once it is stamped and while the transport keeps up
 * ({@code hasRoom}), so a slow or absent reader holds the replay back instead of filling memory.
 * Node-local and not persistent: the session restarts readers after recovery.
 */
final class JobCatchUp {
  private static final int BATCH = 256;

  /** Starts reader {@code readerId} of the job's journaled outputs from {@code fromJobSeq}. */
  @FunctionalInterface
  interface ReaderStarter {
    /** Returns what stops the reader. */
    Runnable start(String jobId, String traceId, long fromJobSeq, long readerId);
  }

  /** One running reader. {@code ackTo} is set once the stream is ready; {@code held} while paused. */
  private static final class Reader {
    final long id;
    final Runnable stop;
    ActorRef<SessionEntity.ReplayAck> ackTo;
    boolean held;

    Reader(long id, Runnable stop) {
      this.id = id;
      this.stop = stop;
    }
  }

  /** The highest job seq known to be journaled, and the trace id its frames carry. */
  private record Target(String traceId, long jobSeq) {}

  private final ReaderStarter starter;
  private final BooleanSupplier hasRoom;
  private final Map<String, Reader> readers = new HashMap<>();
  private final Map<String, Target> targets = new HashMap<>();
  private final Set<String> subscribing = new HashSet<>();
  private long nextId;

  JobCatchUp(ReaderStarter starter, BooleanSupplier hasRoom) {
    this.starter = starter;
    this.hasRoom = hasRoom;
  }

  /** Readers that stream the job's journal into {@code session}, {@value #BATCH} outputs a batch. */
  static JobCatchUp streaming(RuntimeServices services, ActorRef<SessionEntity.Command> session,
      BooleanSupplier hasRoom) {
    return new JobCatchUp((jobId, traceId, fromJobSeq, id) ->
        JobHistory.from(services.readJournal(), jobId, traceId, fromJobSeq)
            .grouped(BATCH)
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(ActorSink.actorRefWithBackpressure(session,
                (ackTo, batch) -> new SessionEntity.Replayed(jobId, id, batch, ackTo),
                ackTo -> new SessionEntity.ReplayStarted(jobId, id, ackTo),
                SessionEntity.ReplayAck.INSTANCE,
                new SessionEntity.ReplayEnded(jobId, id, false),
                failure -> new SessionEntity.ReplayEnded(jobId, id, true)), Keep.left())
            .run(services.system())::shutdown, hasRoom);
  }

  /** Notes that the job has journaled outputs up to {@code jobSeq}: a target for {@link #repair}. */
  void seen(String jobId, String traceId, long jobSeq) {
    Target target = targets.get(jobId);
    if (target == null || target.jobSeq < jobSeq) {
      targets.put(jobId, new Target(traceId, jobSeq));
    }
  }

  /**
   * A subscription to the job is being set up: the job already sends to the session, which does
   * not stamp those outputs yet. Their seqs are kept as targets so that the new subscription reads
   * them from the journal instead of missing them (and, were one of them the job's end, waiting
   * for a frame that never comes).
   */
  void subscribing(String jobId) {
    subscribing.add(jobId);
  }

  /** Notes outputs of a job the session is not subscribed to: kept only while it is subscribing. */
  void seenUnsubscribed(String jobId, String traceId, long jobSeq) {
    if (subscribing.contains(jobId)) {
      seen(jobId, traceId, jobSeq);
    }
  }

  /**
   * The subscription is being started: stops a reader of an earlier one, keeping what was seen
   * meanwhile for {@link #repair}.
   */
  void restart(String jobId) {
    subscribing.remove(jobId);
    Reader reader = readers.remove(jobId);
    if (reader != null) {
      reader.stop.run();
    }
  }

  /** The subscription was not started: what was seen meanwhile is forgotten unless still subscribed. */
  void abandon(String jobId, boolean stillSubscribed) {
    if (subscribing.remove(jobId) && !stillSubscribed) {
      targets.remove(jobId);
    }
  }

  /**
   * The session has stamped the job up to {@code cursor}: when a known output lies beyond it and
   * no reader runs, reads the journal from {@code cursor + 1}.
   */
  void repair(String jobId, long cursor) {
    Target target = targets.get(jobId);
    if (target == null || target.jobSeq <= cursor) {
      targets.remove(jobId);
      return;
    }
    if (!readers.containsKey(jobId)) {
      start(jobId, target.traceId, cursor + 1);
    }
  }

  private void start(String jobId, String traceId, long fromJobSeq) {
    long id = ++nextId;
    readers.put(jobId, new Reader(id, starter.start(jobId, traceId, fromJobSeq, id)));
  }

  /** Whether a reader for {@code jobId} with this id is the current one. */
  boolean isCurrent(String jobId, long id) {
    Reader reader = readers.get(jobId);
    return reader != null && reader.id == id;
  }

  /** The reader's stream is ready, or its last batch is stamped: ask for more when there is room. */
  void ready(String jobId, long id, ActorRef<SessionEntity.ReplayAck> ackTo) {
    Reader reader = readers.get(jobId);
    if (reader == null || reader.id != id) {
      return;
    }
    reader.ackTo = ackTo;
    reader.held = true;
    resumeHeld();
  }

  /** The transport made progress: paused readers continue while there is room. */
  void resumeHeld() {
    for (Reader reader : readers.values()) {
      if (!hasRoom.getAsBoolean()) {
        return;
      }
      if (reader.held && reader.ackTo != null) {
        reader.held = false;
        reader.ackTo.tell(SessionEntity.ReplayAck.INSTANCE);
      }
    }
  }

  /** The reader ended (completed or failed). */
  void ended(String jobId, long id) {
    if (isCurrent(jobId, id)) {
      readers.remove(jobId);
    }
  }

  /** Stops the job's reader and forgets what was seen of it. */
  void stop(String jobId) {
    restart(jobId);
    targets.remove(jobId);
  }

  /** Stops every reader (the session stops). */
  void stopAll() {
    readers.values().forEach(reader -> reader.stop.run());
    readers.clear();
  }
}
