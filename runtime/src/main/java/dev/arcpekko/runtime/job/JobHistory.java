package dev.arcpekko.runtime.job;

import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A job's journaled outputs, read back from the journal as a stream: the history a late
 * subscriber replays and the source a session repairs a gap from. Nothing is held in memory
 * beyond the stream's own buffers.
 */
public final class JobHistory {
  private JobHistory() {}

  /** The job's outputs with job-local seq {@code >= fromJobSeq}, in order, as journaled so far. */
  public static Source<JobOutput, NotUsed> from(CurrentEventsByPersistenceIdQuery journal, String jobId,
      String traceId, long fromJobSeq) {
    // Every output is one journal event, so output n is never before journal sequence number n.
    return journal.currentEventsByPersistenceId(JobEntity.persistenceIdOf(jobId).id(), Math.max(1, fromJobSeq),
            Long.MAX_VALUE)
        .mapConcat(envelope -> outputOf(envelope.event(), jobId, traceId, fromJobSeq));
  }

  private static List<JobOutput> outputOf(Object event, String jobId, String traceId, long fromJobSeq) {
    if (event instanceof JobEntity.EventEmitted emitted && emitted.jobSeq() >= fromJobSeq) {
      return List.of(emitted.output(jobId, traceId));
    }
    if (event instanceof JobEntity.JobEnded ended && ended.jobSeq() >= fromJobSeq) {
      return List.of(ended.output(jobId, traceId));
    }
    return List.of();
  }
}
