package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The count of a principal's running jobs is journaled: it survives a restart of the node. */
class JobLimitRestartTest {
  private static final String LIMIT = "arcp.limits.max-concurrent-jobs-per-principal = 2";
  private static final String LONG_TICKER = "{\"count\":40,\"interval_ms\":250}";
  private static final Duration SLOTS_FREE_WITHIN = Duration.ofSeconds(40);

  @TempDir
  Path dataDir;

  /** The first answer to a submit of {@code agent}, skipping events of other jobs. */
  private static JsonNode submit(WireClient client, String agent, String input) {
    client.submit(agent, WireClient.json(input));
    List<JsonNode> frames = client.until(frame -> !frame.path("type").asText().equals("job.event"));
    return frames.get(frames.size() - 1);
  }

  @Test
  void restartedJobsStillHoldTheirSlotsUntilTheyEnd() throws Exception {
    try (TestNode node = TestNode.start(dataDir, LIMIT);
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE);
      for (int i = 0; i < 2; i++) {
        assertThat(submit(client, "ticker", LONG_TICKER).path("type").asText()).isEqualTo("job.accepted");
      }
    }

    try (TestNode node = TestNode.start(dataDir, LIMIT);
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE);
      JsonNode refused = submit(client, "echo", "{}");
      assertThat(refused.path("type").asText()).isEqualTo("job.error");
      assertThat(refused.path("payload").path("code").asText()).isEqualTo("PERMISSION_DENIED");
      assertThat(refused.path("payload").path("details").path("limit").asText())
          .isEqualTo("max_concurrent_jobs_per_principal");

      long deadline = System.nanoTime() + SLOTS_FREE_WITHIN.toNanos();
      JsonNode answer = refused;
      while (!answer.path("type").asText().equals("job.accepted")) {
        client.expect("job.error");
        assertThat(System.nanoTime()).as("a free slot within %s", SLOTS_FREE_WITHIN).isLessThan(deadline);
        Thread.sleep(500);
        answer = submit(client, "echo", "{}");
      }
    }
  }
}
