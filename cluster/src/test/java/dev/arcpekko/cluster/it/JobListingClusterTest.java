package dev.arcpekko.cluster.it;

import static dev.arcpekko.cluster.it.JobPages.filter;
import static dev.arcpekko.cluster.it.JobPages.ids;
import static dev.arcpekko.cluster.it.JobPages.page;
import static dev.arcpekko.cluster.it.JobPages.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing in a two-node cluster: jobs whose entities live on either node are indexed, a client on
 * the other node lists them with the owner's seqs, and a cursor from one node continues on the other.
 */
class JobListingClusterTest {
  private static final int JOBS = 12;

  @TempDir
  Path dataDir;

  @Test
  void jobsRunFromNodeAAreListedOnNodeBAndCursorsWorkOnEitherNode() throws Exception {
    try (TestNode nodeA = TestNode.start(dataDir, "");
        TestNode nodeB = TestNode.join(nodeA, dataDir, "")) {
      TwoNodeClusterTest.awaitMembersUp(nodeA, 2);
      TwoNodeClusterTest.awaitMembersUp(nodeB, 2);
      Map<String, Long> terminalSeqs = new HashMap<>();
      try (WireClient onA = nodeA.connect(); WireClient onB = nodeB.connect()) {
        onA.hello(TestNode.ALICE, "list_jobs");
        for (int i = 0; i < JOBS; i++) {
          JsonNode result = onA.runEcho(WireClient.json(Integer.toString(i)));
          terminalSeqs.put(result.path("job_id").asText(), result.path("event_seq").asLong());
        }
        onB.hello(TestNode.ALICE, "list_jobs");

        assertThat(awaitListed(onB, terminalSeqs)).isEqualTo(terminalSeqs);
        List<String> alternating = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
          JsonNode page = page(pages++ % 2 == 0 ? onA : onB, request(filter(), 5, cursor));
          alternating.addAll(ids(page.path("jobs")));
          cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(alternating).containsExactlyElementsOf(ids(JobPages.all(onB, filter(), 0)));
        assertThat(alternating).containsExactlyInAnyOrderElementsOf(terminalSeqs.keySet());
      }
    }
  }

  /** Job id → last_event_seq of successful jobs, once {@code client} lists every expected job as ended. */
  private static Map<String, Long> awaitListed(WireClient client, Map<String, Long> expected)
      throws InterruptedException {
    Map<String, Long> listed = new HashMap<>();
    for (int attempt = 0; attempt < 100 && !listed.equals(expected); attempt++) {
      Thread.sleep(listed.isEmpty() ? 0 : 100);
      listed.clear();
      JobPages.all(client, filter(), 0).stream()
          .filter(entry -> entry.path("status").asText().equals("success"))
          .forEach(entry -> listed.put(entry.path("job_id").asText(), entry.path("last_event_seq").asLong()));
    }
    return listed;
  }
}
