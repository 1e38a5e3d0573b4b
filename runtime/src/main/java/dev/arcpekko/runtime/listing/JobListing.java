package dev.arcpekko.runtime.listing;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobFilter;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.protocol.message.JobSummary;
import dev.arcpekko.protocol.message.SessionJobs;
import dev.arcpekko.protocol.message.SessionListJobs;
import dev.arcpekko.runtime.RuntimeSettings;
import dev.arcpekko.runtime.job.JobRecord;
import dev.arcpekko.runtime.session.Frames;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code session.list_jobs} on one node: feeds the {@link JobIndex} through the node's
 * {@link JobIndexWriter} and answers list requests from it, one keyset page at a time, scoped by
 * the observer policy and continued with signed {@link ListCursor}s. Answers never run JDBC on the
 * asking actor's thread.
 */
public final class JobListing {
  /** The page size when the request names none (spec 1.1 §6.6 example; TypeScript client default). */
  public static final int DEFAULT_LIMIT = 100;
  private static final Duration BARRIER_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(JobListing.class);

  private final ActorSystem<?> system;
  private final RuntimeSettings settings;
  private final JobIndex index;
  private final ListCursor cursors;
  private final ActorRef<JobIndexWriter.Command> writer;

  private JobListing(ActorSystem<?> system, RuntimeSettings settings, JobIndex index, ListCursor cursors,
      ActorRef<JobIndexWriter.Command> writer) {
    this.system = system;
    this.settings = settings;
    this.index = index;
    this.cursors = cursors;
    this.writer = writer;
  }

  /**
   * Starts the node's index writer and reads the cursor key (blocking: called once while the node
   * starts, before it serves clients).
   */
  public static JobListing start(ActorSystem<?> system, RuntimeSettings settings, JobIndex index) {
    ListCursor cursors = new ListCursor(index.cursorKey().toCompletableFuture().join());
    ActorRef<JobIndexWriter.Command> writer =
        system.systemActorOf(JobIndexWriter.create(index), "arcp-job-index-writer", Props.empty());
    return new JobListing(system, settings, index, cursors, writer);
  }

  /** Where jobs and sessions send their index updates. */
  public ActorRef<JobIndexWriter.Command> writer() {
    return writer;
  }

  /** A job's row in {@code status}, without confirmation. */
  public void report(JobRecord record, JobStatus status) {
    writer.tell(new JobIndexWriter.Upsert(JobIndexRow.of(record, status), Optional.empty()));
  }

  /** The owner session stamped {@code seq} on a frame of {@code jobId}. */
  public void stamped(String jobId, long seq) {
    writer.tell(new JobIndexWriter.SeqStamped(jobId, seq));
  }

  /** Completes once everything this node's writer has received is stored. */
  public CompletionStage<Done> flushed() {
    return AskPattern.ask(writer, JobIndexWriter.Barrier::new, BARRIER_TIMEOUT, system.scheduler());
  }

  /** How a list request is answered: refused at once, or with a page still being read. */
  public sealed interface Outcome {}

  /** The request cannot be served; nothing was read. */
  public record Refused(ErrorPayload error) implements Outcome {}

  /** The {@code session.jobs} frame, once the page is read; fails when the index cannot be read. */
  public record Answering(CompletionStage<String> frame) implements Outcome {}

  /**
   * Answers {@code list} (envelope id {@code requestId}) for {@code principal} on a session that
   * negotiated {@code features}.
   */
  public Outcome answer(String sessionId, String requestId, String principal, List<String> features,
      SessionListJobs list) {
    if (!features.contains(Feature.LIST_JOBS.wire())) {
      return refused("session.list_jobs needs the list_jobs feature, which this session did not negotiate");
    }
    JobFilter filter = list.filter();
    Optional<String> after = Optional.empty();
    if (list.cursor().isPresent()) {
      after = cursors.position(list.cursor().get(), principal, filter);
      if (after.isEmpty()) {
        return refused("payload.cursor: not a cursor this runtime issued to this principal for this filter");
      }
    }
    int limit = (int) Math.min(list.limit().orElse(DEFAULT_LIMIT), settings.listJobsMaxLimit());
    JobQuery query = new JobQuery(settings.observers().scopeOf(principal), new HashSet<>(filter.status()),
        filter.agent().map(AgentRef::name), filter.agent().flatMap(AgentRef::version), filter.createdAfter(),
        filter.createdBefore(), after, limit + 1);
    CompletionStage<String> frame = flushed()
        .handle((done, failure) -> Done.getInstance())
        .thenCompose(done -> index.page(query))
        .thenApply(rows -> page(sessionId, requestId, principal, filter, rows, limit));
    frame.whenComplete((page, failure) -> {
      if (failure != null) {
        log.warn("session.list_jobs of session {} failed: the job index could not be read", sessionId, failure);
      }
    });
    return new Answering(frame);
  }

  private String page(String sessionId, String requestId, String principal, JobFilter filter,
      List<JobIndexRow> rows, int limit) {
    List<JobIndexRow> shown = rows.subList(0, Math.min(limit, rows.size()));
    Optional<String> next = rows.size() > limit
        ? Optional.of(cursors.after(shown.get(shown.size() - 1).jobId(), principal, filter))
        : Optional.empty();
    List<JobSummary> jobs = shown.stream().map(JobIndexRow::summary).toList();
    return Frames.envelope(Ids.message(), "session.jobs", Optional.of(sessionId), Optional.empty(),
        Optional.empty(), OptionalLong.empty(), Frames.payloadOf(new SessionJobs(requestId, jobs, next)));
  }

  private static Refused refused(String message) {
    return new Refused(ErrorPayload.of(ErrorCode.INVALID_REQUEST, message));
  }
}
