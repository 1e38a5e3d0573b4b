package dev.arcpekko.runtime.recovery;

import dev.arcpekko.runtime.RuntimeServices;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Asks every {@link JobRecoveryIndex} bucket to wake its jobs: once when the node starts and then
 * periodically, so that jobs whose node stopped are re-run or ended on a surviving node.
 */
public final class RecoverySweeper {
  private RecoverySweeper() {}

  private enum Sweep { INSTANCE }

  /** The sweeper's behaviour. */
  public static Behavior<Object> create(RuntimeServices services) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      context.getSelf().tell(Sweep.INSTANCE);
      timers.startTimerWithFixedDelay(Sweep.INSTANCE, services.settings().recoverySweepInterval());
      return Behaviors.receiveMessage(message -> {
        JobRecoveryIndex.buckets().forEach(bucket -> services.sharding()
            .entityRefFor(JobRecoveryIndex.TYPE_KEY, bucket)
            .tell(new JobRecoveryIndex.WakeAll("sweep")));
        return Behaviors.same();
      });
    }));
  }
}
