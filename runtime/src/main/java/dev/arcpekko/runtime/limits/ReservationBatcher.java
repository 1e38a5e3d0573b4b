package dev.arcpekko.runtime.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Group commit for job slots, one per node: while a principal's {@link PrincipalJobs} is writing a
 * batch of this node's reservations, the next ones wait here and go as one
 * {@link PrincipalJobs.ReserveAll} (one journal write) when it is done. Without it every job start
 * of a principal waits for the previous one's write, which caps a principal's start rate at one
 * per journal commit.
 */
public final class ReservationBatcher {
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(10);

  /** Messages of the batcher. */
  public sealed interface Command {}

  /** Reserves a slot of {@code principal} for {@code jobId}; answered by the principal's entity. */
  public record Reserve(String principal, String jobId, ActorRef<SlotAnswer> replyTo) implements Command {}

  private record BatchDone(String principal) implements Command {}

  private final ActorContext<Command> context;
  private final Function<String, RecipientRef<PrincipalJobs.Command>> entities;
  private final Map<String, List<PrincipalJobs.Reserve>> waiting = new HashMap<>();
  private final Set<String> writing = new HashSet<>();

  private ReservationBatcher(ActorContext<Command> context, Function<String, RecipientRef<PrincipalJobs.Command>> entities) {
    this.context = context;
    this.entities = entities;
  }

  /** A batcher sending to the entity {@code entities} names for each principal. */
  public static Behavior<Command> create(Function<String, RecipientRef<PrincipalJobs.Command>> entities) {
    return Behaviors.setup(context -> new ReservationBatcher(context, entities).behavior());
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Reserve.class, reserve -> {
          waiting.computeIfAbsent(reserve.principal(), principal -> new ArrayList<>())
              .add(new PrincipalJobs.Reserve(reserve.jobId(), reserve.replyTo()));
          sendIfIdle(reserve.principal());
          return Behaviors.same();
        })
        .onMessage(BatchDone.class, done -> {
          writing.remove(done.principal());
          sendIfIdle(done.principal());
          return Behaviors.same();
        })
        .build();
  }

  private void sendIfIdle(String principal) {
    if (writing.contains(principal) || !waiting.containsKey(principal)) {
      return;
    }
    List<PrincipalJobs.Reserve> batch = waiting.remove(principal);
    writing.add(principal);
    // A batch that is never confirmed (the entity's node died) frees the principal after the
    // timeout; its jobs' own asks time out and their submits are answered with a retryable error.
    context.ask(Done.class, entities.apply(principal), BATCH_TIMEOUT,
        replyTo -> new PrincipalJobs.ReserveAll(batch, replyTo),
        (done, failure) -> new BatchDone(principal));
  }
}
