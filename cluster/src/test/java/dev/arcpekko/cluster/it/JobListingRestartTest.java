package dev.arcpekko.cluster.it;

import static dev.arcpekko.cluster.it.JobPages.filter;
import static dev.arcpekko.cluster.it.JobPages.ids;
import static dev.arcpekko.cluster.it.JobPages.page;
import static dev.arcpekko.cluster.it.JobPages.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.cluster.journal.JournalDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job index is durable: after the node stops and a new one starts on the same data directory,
 * finished jobs are listed with their statuses, a job that was running when the node stopped is
 * listed with the end its recovery gave it, and a cursor issued before the restart still works.
 */
class JobListingRestartTest {
  @TempDir
  Path dataDir;

  @Test
  void jobsAndCursorsOutliveANodeRestart() throws Exception {
    Map<String, String> expected = new HashMap<>();
    String cursor;
    try (TestNode node = TestNode.start(dataDir, "arcp.cancel-grace = 1s");
        WireClient alice = node.connect()) {
      alice.hello(TestNode.ALICE, "list_jobs");
      expected.put(alice.runEcho(WireClient.json("1")).path("job_id").asText(), "success");
      alice.submit("failer", WireClient.json("null"));
      String failed = alice.expect("job.accepted").path("job_id").asText();
      alice.untilTerminal(failed);
      expected.put(failed, "error");
      alice.submit("sleeper", WireClient.json("null"));
      String cancelled = alice.expect("job.accepted").path("job_id").asText();
      alice.cancel(cancelled, "enough");
      alice.untilTerminal(cancelled);
      expected.put(cancelled, "cancelled");
      alice.submit("sleeper", WireClient.json("null"));
      String interrupted = alice.expect("job.accepted").path("job_id").asText();
      alice.until(frame -> interrupted.equals(frame.path("job_id").asText()));
      // Not restartable: recovery after the restart ends it with INTERNAL_ERROR.
      expected.put(interrupted, "error");
      cursor = page(alice, request(filter(), 1, null)).path("next_cursor").asText();
    }

    try (TestNode node = TestNode.start(dataDir, "");
        WireClient alice = node.connect()) {
      alice.hello(TestNode.ALICE, "list_jobs");
      List<JsonNode> listed = awaitEveryJobEnded(alice, expected.size());

      Map<String, String> statuses = new HashMap<>();
      listed.forEach(entry -> statuses.put(entry.path("job_id").asText(), entry.path("status").asText()));
      assertThat(statuses).isEqualTo(expected);
      assertThat(ids(page(alice, request(filter(), 10, cursor)).path("jobs")))
          .containsExactlyElementsOf(ids(listed).subList(1, listed.size()));
    }
  }

  /**
   * A job whose terminal row never reached the index (here: the table is away while it ends) stays
   * in the recovery index although its session stored the terminal frame; after a restart the
   * sweeper wakes it, and it sends its row again.
   */
  @Test
  void aJobWhoseTerminalRowWasNotStoredSendsItAgainAfterARestart() throws Exception {
    String jobId;
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient alice = node.connect()) {
      alice.hello(TestNode.ALICE, "list_jobs");
      alice.runEcho(WireClient.json("\"warm-up\""));
      sql("ALTER TABLE arcp_job_index RENAME TO arcp_job_index_away");
      jobId = alice.runEcho(WireClient.json("\"unindexed\"")).path("job_id").asText();
    }
    sql("ALTER TABLE arcp_job_index_away RENAME TO arcp_job_index");

    try (TestNode node = TestNode.start(dataDir, "");
        WireClient alice = node.connect()) {
      alice.hello(TestNode.ALICE, "list_jobs");
      String listedStatus = null;
      for (int attempt = 0; attempt < 100 && listedStatus == null; attempt++) {
        listedStatus = JobPages.all(alice, filter(), 0).stream()
            .filter(entry -> entry.path("job_id").asText().equals(jobId))
            .map(entry -> entry.path("status").asText())
            .findFirst().orElse(null);
        Thread.sleep(listedStatus == null ? 200 : 0);
      }
      assertThat(listedStatus).isEqualTo("success");
    }
  }

  private void sql(String statement) throws Exception {
    JournalDatabase database = JournalDatabase.h2(dataDir);
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }

  /** Lists until no job is running (the interrupted one ends once recovery wakes it). */
  private static List<JsonNode> awaitEveryJobEnded(WireClient client, int jobs) throws InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      List<JsonNode> listed = JobPages.all(client, filter(), 0);
      if (listed.size() == jobs && listed.stream().noneMatch(entry -> entry.path("status").asText().equals("running"))) {
        return listed;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("jobs still running 20 s after the restart");
  }
}
