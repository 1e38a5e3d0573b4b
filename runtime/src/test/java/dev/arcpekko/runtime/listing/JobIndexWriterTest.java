package dev.arcpekko.runtime.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.message.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The index writer coalesces per job, writes one batch at a time, retries failures and confirms only stored rows. */
class JobIndexWriterTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create();
  private static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");

  /** A write the test completes by hand. */
  private record Write(List<JobIndexRow> rows, Map<String, Long> seqs, CompletableFuture<Done> result) {}

  /** An index whose writes wait for the test. */
  private static final class ScriptedIndex implements JobIndex {
    final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<Done> write(List<JobIndexRow> rows, Map<String, Long> lastEventSeqs) {
      Write write = new Write(rows, lastEventSeqs, new CompletableFuture<>());
      writes.add(write);
      return write.result();
    }

    @Override
    public CompletionStage<List<JobIndexRow>> page(JobQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<byte[]> cursorKey() {
      throw new UnsupportedOperationException();
    }

    Write next() throws InterruptedException {
      Write write = writes.poll(5, TimeUnit.SECONDS);
      assertThat(write).as("a write within 5 s").isNotNull();
      return write;
    }
  }

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  private static JobIndexRow row(String jobId, JobStatus status) {
    return new JobIndexRow(jobId, "alice", "sess_1", "echo", "1.0.0", status, Map.of(), Optional.empty(), T0,
        "0123456789abcdef0123456789abcdef", 0, JobIndexRow.rankOf(status));
  }

  @Test
  void updatesOfOneJobAreCoalescedToTheFurthestStatusAndTheHighestSeq() throws Exception {
    ScriptedIndex index = new ScriptedIndex();
    ActorRef<JobIndexWriter.Command> writer = TESTKIT.spawn(JobIndexWriter.create(index));

    writer.tell(new JobIndexWriter.Upsert(row("job_1", JobStatus.PENDING), Optional.empty()));
    writer.tell(new JobIndexWriter.SeqStamped("job_1", 3));
    writer.tell(new JobIndexWriter.Upsert(row("job_1", JobStatus.SUCCESS), Optional.empty()));
    writer.tell(new JobIndexWriter.Upsert(row("job_1", JobStatus.RUNNING), Optional.empty()));
    writer.tell(new JobIndexWriter.SeqStamped("job_1", 2));

    Write write = index.next();
    assertThat(write.rows()).singleElement().extracting(JobIndexRow::status).isEqualTo(JobStatus.SUCCESS);
    assertThat(write.seqs()).isEqualTo(Map.of("job_1", 3L));
  }

  @Test
  void aConfirmationWaitsUntilAFailedWriteHasBeenRetriedSuccessfully() throws Exception {
    ScriptedIndex index = new ScriptedIndex();
    ActorRef<JobIndexWriter.Command> writer = TESTKIT.spawn(JobIndexWriter.create(index));
    TestProbe<Done> confirmed = TESTKIT.createTestProbe();

    writer.tell(new JobIndexWriter.Upsert(row("job_2", JobStatus.ERROR), Optional.of(confirmed.getRef())));
    index.next().result().completeExceptionally(new IllegalStateException("database away"));
    confirmed.expectNoMessage(Duration.ofMillis(300));
    Write retry = index.next();
    assertThat(retry.rows()).extracting(JobIndexRow::jobId).containsExactly("job_2");
    retry.result().complete(Done.getInstance());

    confirmed.expectMessage(Done.getInstance());
  }

  @Test
  void oneWriteIsInFlightAtATimeAndABarrierWaitsForEverythingReceivedBeforeIt() throws Exception {
    ScriptedIndex index = new ScriptedIndex();
    ActorRef<JobIndexWriter.Command> writer = TESTKIT.spawn(JobIndexWriter.create(index));
    TestProbe<Done> barrier = TESTKIT.createTestProbe();

    writer.tell(new JobIndexWriter.Upsert(row("job_3", JobStatus.RUNNING), Optional.empty()));
    Write first = index.next();
    writer.tell(new JobIndexWriter.SeqStamped("job_3", 1));
    writer.tell(new JobIndexWriter.Barrier(barrier.getRef()));
    assertThat(index.writes.poll(200, TimeUnit.MILLISECONDS)).as("a second write while one is in flight").isNull();
    first.result().complete(Done.getInstance());
    barrier.expectNoMessage(Duration.ofMillis(100));
    Write second = index.next();
    assertThat(second.seqs()).isEqualTo(Map.of("job_3", 1L));
    second.result().complete(Done.getInstance());

    barrier.expectMessage(Done.getInstance());
    writer.tell(new JobIndexWriter.Barrier(barrier.getRef()));
    barrier.expectMessage(Done.getInstance());
  }
}
