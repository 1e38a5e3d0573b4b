package dev.arcpekko.runtime.session;

import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.job.JobHistory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
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

  /** One running reader. {@code ackTo} is set once the stream is ready; {@code held} while paused. */
  private static final class Reader {
    final long id;
    final UniqueKillSwitch killSwitch;
    ActorRef<SessionEntity.ReplayAck> ackTo;
    boolean held;

    Reader(long id, UniqueKillSwitch killSwitch) {
      this.id = id;
      this.killSwitch = killSwitch;
    }
  }

  /** The highest job seq known to be journaled, and the trace id its frames carry. */
  private record Target(String traceId, long jobSeq) {}

  private final RuntimeServices services;
  private final ActorRef<SessionEntity.Command> session;
  private final BooleanSupplier hasRoom;
  private final Map<String, Reader> readers = new HashMap<>();
  private final Map<String, Target> targets = new HashMap<>();
  private long nextId;

  JobCatchUp(RuntimeServices services, ActorRef<SessionEntity.Command> session, BooleanSupplier hasRoom) {
    this.services = services;
    this.session = session;
    this.hasRoom = hasRoom;
  }

  /** Notes that the job has journaled outputs up to {@code jobSeq}: a target for {@link #repair}. */
  void seen(String jobId, String traceId, long jobSeq) {
    Target target = targets.get(jobId);
    if (target == null || target.jobSeq < jobSeq) {
      targets.put(jobId, new Target(traceId, jobSeq));
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
    UniqueKillSwitch killSwitch = JobHistory.from(services.readJournal(), jobId, traceId, fromJobSeq)
        .grouped(BATCH)
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(ActorSink.actorRefWithBackpressure(session,
            (ackTo, batch) -> new SessionEntity.Replayed(jobId, id, batch, ackTo),
            ackTo -> new SessionEntity.ReplayStarted(jobId, id, ackTo),
            SessionEntity.ReplayAck.INSTANCE,
            new SessionEntity.ReplayEnded(jobId, id, false),
            failure -> new SessionEntity.ReplayEnded(jobId, id, true)), Keep.left())
        .run(services.system());
    readers.put(jobId, new Reader(id, killSwitch));
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
    Reader reader = readers.remove(jobId);
    if (reader != null) {
      reader.killSwitch.shutdown();
    }
    targets.remove(jobId);
  }

  /** Stops every reader (the session stops). */
  void stopAll() {
    readers.values().forEach(reader -> reader.killSwitch.shutdown());
    readers.clear();
  }
}
