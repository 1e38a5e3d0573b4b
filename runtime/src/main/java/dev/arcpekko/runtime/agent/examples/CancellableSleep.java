package dev.arcpekko.runtime.agent.examples;

import dev.arcpekko.runtime.agent.JobContext;
import java.util.concurrent.TimeUnit;

/** Waiting inside an agent that ends as soon as the job is asked to stop. */
final class CancellableSleep {
  /*
   * The runtime interrupts the agent thread on cancellation, which wakes a sleep at once; the
   * slices only bound how long a stop that merely sets isCancelled() (a timeout, a lease expiry)
   * goes unnoticed.
   */
  private static final long SLICE_MS = 200;

  private CancellableSleep() {}

  /**
   * Sleeps {@code millis} ({@link Long#MAX_VALUE}: until stopped).
   *
   * @throws InterruptedException when the thread is interrupted or the job cancelled first
   */
  static void sleep(JobContext context, long millis) throws InterruptedException {
    long start = System.nanoTime();
    long total = TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      if (context.isCancelled()) {
        throw new InterruptedException("job " + context.jobId() + " was cancelled");
      }
      long remaining = total - (System.nanoTime() - start);
      if (remaining <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(SLICE_MS)));
    }
  }
}
