package dev.arcpekko.runtime.listing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The durable, per-principal index of jobs that {@code session.list_jobs} reads: one row per job,
 * written in batches by the node's {@link JobIndexWriter} and read one keyset page at a time.
 * Implementations do their I/O on their own threads, never on the caller's.
 */
public interface JobIndex {

  /**
   * Stores {@code rows} and {@code lastEventSeqs} (job id → owner-session seq) in one atomic step.
   * A row replaces the stored one only when its {@link JobIndexRow#rowVersion()} is higher; a seq
   * only ever raises {@code last_event_seq}. A seq may arrive before its job's row.
   */
  CompletionStage<Done> write(List<JobIndexRow> rows, Map<String, Long> lastEventSeqs);

  /** Up to {@link JobQuery#limit()} rows matching {@code query}, newest job id first. */
  CompletionStage<List<JobIndexRow>> page(JobQuery query);

  /** The key every node signs list cursors with: the same on every node and after restarts. */
  CompletionStage<byte[]> cursorKey();
}
