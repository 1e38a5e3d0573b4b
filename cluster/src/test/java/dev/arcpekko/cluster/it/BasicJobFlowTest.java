package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicJobFlowTest {
  @TempDir
  Path dataDir;

  @Test
  void echoJobIsAcceptedRunsAndSucceeds() throws Exception {
    try (TestNode node = TestNode.start(dataDir, "");
        WireClient client = node.connect()) {
      JsonNode welcome = client.hello(TestNode.ALICE, "heartbeat", "ack", "agent_versions");
      assertThat(welcome.path("payload").path("resume_token").asText()).startsWith("rt_");
      client.submit("echo", WireClient.JSON.readTree("{\"x\":1}"));
      JsonNode accepted = client.next();
      assertThat(accepted.path("type").asText()).isEqualTo("job.accepted");
      String jobId = accepted.path("job_id").asText();
      List<JsonNode> frames = client.untilTerminal(jobId);
      System.out.println(frames);
      assertThat(frames.get(frames.size() - 1).path("payload").path("result").toString())
          .isEqualTo("{\"input\":{\"x\":1},\"version\":\"2.0.0\"}");
    }
  }
}
