package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that pipelines far more submits than the session can stash loses none of them: the
 * connection stops reading while too many frames wait at the session.
 */
class InboundFlowControlTest {
  private static final int SUBMITS = 400;

  @RegisterExtension
  static final SharedNode NODE = new SharedNode("pekko.persistence.typed.stash-capacity = 100");

  @Test
  void everyPipelinedSubmitIsAnsweredInOrder() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE);
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < SUBMITS; i++) {
      submitted.add(client.submit(i % 2 == 0 ? "echo@1.0.0" : "echo@2.0.0", WireClient.JSON.getNodeFactory().numberNode(i)));
    }
    List<String> acceptedAgents = new ArrayList<>();
    int results = 0;
    while (results < SUBMITS) {
      JsonNode frame = client.next();
      switch (frame.path("type").asText()) {
        case "job.accepted" -> acceptedAgents.add(frame.path("payload").path("agent").asText());
        case "job.result" -> results++;
        case "job.event" -> { }
        default -> throw new AssertionError("unexpected " + frame);
      }
    }
    assertThat(acceptedAgents).hasSize(SUBMITS);
    for (int i = 0; i < SUBMITS; i++) {
      assertThat(acceptedAgents.get(i)).isEqualTo(i % 2 == 0 ? "echo@1.0.0" : "echo@2.0.0");
    }
  }
}
