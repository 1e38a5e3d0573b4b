package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ArcpNode --stdio} as a real process: stdout carries only protocol frames. */
class StdioProcessTest {
  @TempDir
  Path workDir;

  @Test
  void aStdioNodeSpeaksOnlyArcpOnStdoutAndExitsWhenItsInputEnds() throws Exception {
    try (NodeProcess node = NodeProcess.startStdio(workDir.resolve("data"))) {
      WireClient client = WireClient.overStdio(node.stdout(), node.stdin());
      List<JsonNode> frames = new ArrayList<>();
      frames.add(client.hello(TestNode.ALICE, "progress"));
      client.submit("ticker", WireClient.json("{\"count\":2,\"interval_ms\":10}"));
      JsonNode accepted = client.expect("job.accepted");
      frames.add(accepted);
      frames.addAll(client.untilTerminal(accepted.path("job_id").asText()));

      assertThat(frames).extracting(frame -> frame.path("type").asText())
          .containsExactly("session.welcome", "job.accepted", "job.event", "job.event", "job.event", "job.result");
      assertThat(frames).allSatisfy(frame -> assertThat(frame.path("arcp").asText()).isEqualTo("1.1"));

      client.close();
      assertThat(node.awaitExit(Duration.ofSeconds(60))).as("exit status once stdin is closed").isZero();
      assertThat(node.log()).contains("ARCP runtime speaking on stdin/stdout");
    }
  }
}
