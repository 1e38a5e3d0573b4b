package dev.arcpekko.runtime.listing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's single writer to the {@link JobIndex}. Jobs report their rows and sessions the seqs
 * they stamp; updates are coalesced per job (the further lifecycle rank wins, the higher seq wins)
 * and written as one batch {@link #FLUSH_INTERVAL} after the first one arrives, or at once when
 * {@link #BATCH_ROWS} jobs wait. One write is in flight at a time; a failed write is merged back
 * and retried, so a confirmation ({@link Upsert#confirmTo()}) is only sent once the row is stored.
 * Node-local: its messages never cross the network.
 */
public final class JobIndexWriter extends AbstractBehavior<JobIndexWriter.Command> {
  static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);
  static final int BATCH_ROWS = 256;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(JobIndexWriter.class);

  /** Messages of the writer. */
  public sealed interface Command {}

  /** Store {@code row}; tell {@code confirmTo} once it is stored. */
  public record Upsert(JobIndexRow row, Optional<ActorRef<Done>> confirmTo) implements Command {}

  /** The owner session stamped {@code seq} on a frame of {@code jobId}. */
  public record SeqStamped(String jobId, long seq) implements Command {}

  /** Answer once everything received so far is stored (read-your-writes for listing). */
  public record Barrier(ActorRef<Done> replyTo) implements Command {}

  private record FlushDue() implements Command {}

  private record Written(Batch batch, Optional<Throwable> failure) implements Command {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final JobIndex index;
  private Batch pending = new Batch();
  private Batch inFlight;

  private JobIndexWriter(ActorContext<Command> context, TimerScheduler<Command> timers, JobIndex index) {
    super(context);
    this.context = context;
    this.timers = timers;
    this.index = index;
  }

  /** A writer to {@code index}. */
  public static Behavior<Command> create(JobIndex index) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new JobIndexWriter(context, timers, index)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Upsert.class, upsert -> {
          pending.add(upsert.row(), upsert.confirmTo());
          return scheduled();
        })
        .onMessage(SeqStamped.class, stamped -> {
          pending.seq(stamped.jobId(), stamped.seq());
          return scheduled();
        })
        .onMessage(Barrier.class, this::barrier)
        .onMessage(FlushDue.class, due -> flush())
        .onMessage(Written.class, this::written)
        .build();
  }

  private Behavior<Command> barrier(Barrier barrier) {
    if (pending.size() > 0) {
      pending.waiters.add(barrier.replyTo());
      return flush();
    }
    if (inFlight != null) {
      inFlight.waiters.add(barrier.replyTo());
    } else {
      barrier.replyTo().tell(Done.getInstance());
    }
    return this;
  }

  private Behavior<Command> scheduled() {
    if (pending.size() >= BATCH_ROWS) {
      return flush();
    }
    if (!timers.isTimerActive(FlushDue.class)) {
      timers.startSingleTimer(FlushDue.class, new FlushDue(), FLUSH_INTERVAL);
    }
    return this;
  }

  private Behavior<Command> flush() {
    if (inFlight != null || pending.isEmpty()) {
      return this;
    }
    timers.cancel(FlushDue.class);
    Batch batch = pending;
    inFlight = batch;
    pending = new Batch();
    context.pipeToSelf(index.write(List.copyOf(batch.rows.values()), Map.copyOf(batch.seqs)),
        (done, failure) -> new Written(batch, Optional.ofNullable(failure)));
    return this;
  }

  private Behavior<Command> written(Written written) {
    inFlight = null;
    if (written.failure().isPresent()) {
      log.warn("job index write of {} rows and {} seqs failed, retrying in {}: {}",
          written.batch().rows.size(), written.batch().seqs.size(), RETRY_AFTER, written.failure().get().toString());
      written.batch().absorb(pending);
      pending = written.batch();
      timers.startSingleTimer(FlushDue.class, new FlushDue(), RETRY_AFTER);
      return this;
    }
    written.batch().waiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    if (pending.size() >= BATCH_ROWS || !pending.waiters.isEmpty()) {
      return flush();
    }
    return pending.isEmpty() ? this : scheduled();
  }

  /** Coalesced updates and who waits for them. */
  private static final class Batch {
    private final Map<String, JobIndexRow> rows = new LinkedHashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    private final List<ActorRef<Done>> waiters = new ArrayList<>();

    void add(JobIndexRow row, Optional<ActorRef<Done>> confirmTo) {
      rows.merge(row.jobId(), row, JobIndexRow::mergedWith);
      confirmTo.ifPresent(waiters::add);
    }

    void seq(String jobId, long seq) {
      seqs.merge(jobId, seq, Math::max);
    }

    /** Takes in {@code newer}'s updates and waiters. */
    void absorb(Batch newer) {
      newer.rows.values().forEach(row -> add(row, Optional.empty()));
      newer.seqs.forEach(this::seq);
      waiters.addAll(newer.waiters);
    }

    int size() {
      return rows.size() + seqs.size();
    }

    boolean isEmpty() {
      return size() == 0 && waiters.isEmpty();
    }
  }
}
