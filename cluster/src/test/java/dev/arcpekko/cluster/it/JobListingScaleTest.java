package dev.arcpekko.cluster.it;

import static dev.arcpekko.cluster.it.JobPages.filter;
import static dev.arcpekko.cluster.it.JobPages.page;
import static dev.arcpekko.cluster.it.JobPages.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.cluster.listing.JdbcJobIndex;
import dev.arcpekko.runtime.listing.JobIndexRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 000 jobs of one principal, listed over the wire 1 000 at a time: every job exactly once,
 * newest first. The rows go straight into the node's index database (running 100 000 real jobs
 * would take far too long); the listing side is the real one. Prints the time each page took.
 */
class JobListingScaleTest {
  private static final int JOBS = 100_000;
  private static final int PAGE = 1_000;
  private static final int INSERT_BATCH = 5_000;

  @TempDir
  Path dataDir;

  @Test
  void oneHundredThousandJobsArePagedThroughExactlyOnceInOrder() throws Exception {
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient alice = node.connect()) {
      long insertStart = System.nanoTime();
      insert(JournalDatabase.h2(dataDir));
      System.out.printf("list_jobs scale: inserted %d index rows in %d ms%n", JOBS,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - insertStart));
      alice.hello(TestNode.ALICE, "list_jobs");
      ObjectNode scale = filter().put("agent", "scale");

      int expected = JOBS - 1;
      long[] pageMicros = new long[JOBS / PAGE];
      int pages = 0;
      String cursor = null;
      do {
        long start = System.nanoTime();
        JsonNode page = page(alice, request(scale, PAGE, cursor));
        pageMicros[pages++] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        for (JsonNode entry : page.path("jobs")) {
          assertThat(entry.path("job_id").asText()).isEqualTo(jobId(expected--));
        }
        cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
      } while (cursor != null);

      assertThat(expected).as("jobs never listed").isEqualTo(-1);
      assertThat(pages).isEqualTo(JOBS / PAGE);
      report(pageMicros);
    }
  }

  private static void insert(JournalDatabase database) throws Exception {
    Instant createdAt = Instant.now();
    try (JdbcJobIndex index = JdbcJobIndex.open(database, Optional.empty())) {
      for (int from = 0; from < JOBS; from += INSERT_BATCH) {
        List<JobIndexRow> rows = new ArrayList<>(INSERT_BATCH);
        for (int i = from; i < from + INSERT_BATCH; i++) {
          rows.add(JobPages.row(jobId(i), "alice", "scale", createdAt.plusMillis(i)));
        }
        index.write(rows, Map.of()).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** Zero-padded, so ids sort like the numbers (as ULIDs sort by time). */
  private static String jobId(int i) {
    return String.format("job_%08d", i);
  }

  private static void report(long[] pageMicros) {
    for (int i = 0; i < pageMicros.length; i++) {
      System.out.printf("list_jobs scale: page %3d took %6.1f ms%n", i + 1, pageMicros[i] / 1000.0);
    }
    long[] sorted = pageMicros.clone();
    Arrays.sort(sorted);
    System.out.printf("list_jobs scale: %d pages of %d, per page min %.1f ms, median %.1f ms, p95 %.1f ms,"
            + " max %.1f ms, total %.1f s; heap used %d MiB%n",
        sorted.length, PAGE, sorted[0] / 1000.0, sorted[sorted.length / 2] / 1000.0,
        sorted[(int) (sorted.length * 0.95)] / 1000.0, sorted[sorted.length - 1] / 1000.0,
        Arrays.stream(sorted).sum() / 1_000_000.0,
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
  }
}
