package dev.arcpekko.runtime.job;

import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.limits.JobProbe;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.javadsl.Sink;

/** Answers the job limit's audit from the job's journal, and wakes jobs through sharding. */
public final class JournalJobProbe implements JobProbe {
  private final RuntimeServices services;

  public JournalJobProbe(RuntimeServices services) {
    this.services = services;
  }

  @Override
  public CompletionStage<Boolean> wasAccepted(String jobId) {
    // Accepted is always a job's first event.
    return services.readJournal()
        .currentEventsByPersistenceId(JobEntity.persistenceIdOf(jobId).id(), 0L, 1L)
        .runWith(Sink.headOption(), services.system())
        .thenApply(Optional::isPresent);
  }

  @Override
  public void wake(String jobId) {
    services.job(jobId).tell(new JobEntity.Wake(jobId));
  }
}
