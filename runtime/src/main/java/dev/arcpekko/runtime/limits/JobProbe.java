package dev.arcpekko.runtime.limits;

import java.util.concurrent.CompletionStage;

/**
 * What {@link PrincipalJobs} asks about a job whose slot has been held for long, to find slots a
 * crash kept from being released.
 */
public interface JobProbe {

  /** Whether the job journaled its acceptance (a reservation without one was never used). */
  CompletionStage<Boolean> wasAccepted(String jobId);

  /** Wakes the job; one that has ended releases its slot again. */
  void wake(String jobId);
}
