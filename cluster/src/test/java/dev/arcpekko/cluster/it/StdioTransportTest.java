package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ARCP over a pair of byte streams: newline-delimited JSON, one frame per line. */
class StdioTransportTest {
  private static final int PIPE_BUFFER = 256 * 1024;

  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.max-frame-size = 64KiB");
  PipedOutputStream toServer;
  CompletableFuture<Done> serving;
  WireClient client;

  @BeforeEach
  void serve() throws IOException {
    PipedInputStream serverIn = new PipedInputStream(PIPE_BUFFER);
    toServer = new PipedOutputStream(serverIn);
    PipedInputStream fromServer = new PipedInputStream(PIPE_BUFFER);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    serving = NODE.node().runtime.serveStdio(serverIn, serverOut).toCompletableFuture();
    client = WireClient.overStdio(fromServer, toServer);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aSessionOpensAndRunsAJobOneFramePerLine() {
    JsonNode welcome = client.hello(TestNode.ALICE, "progress");
    assertThat(welcome.path("session_id").asText()).startsWith("sess_");

    client.submit("ticker", WireClient.json("{\"count\":2,\"interval_ms\":10}"));
    JsonNode accepted = client.expect("job.accepted");
    List<JsonNode> frames = client.untilTerminal(accepted.path("job_id").asText());

    assertThat(frames).extracting(frame -> frame.path("type").asText())
        .doesNotContain("unparseable")
        .containsExactly("job.event", "job.event", "job.event", "job.result");
    assertThat(frames.get(frames.size() - 1).path("payload").path("result")).isEqualTo(WireClient.json("{\"ticks\":2}"));
  }

  @Test
  void aLineOverTheSizeLimitIsInvalidAndTheSessionContinues() {
    client.hello(TestNode.ALICE);
    client.send("{\"arcp\":\"1.1\",\"padding\":\"" + "x".repeat(100_000) + "\"}");

    JsonNode error = client.expectSessionError("INVALID_REQUEST");
    assertThat(error.path("payload").path("message").asText()).contains("exceeds the limit of 65536 bytes");
    client.runEcho(WireClient.json("\"after the long line\""));
  }

  @Test
  void blankLinesAreIgnored() {
    client.send("");
    client.send("   \t ");
    client.hello(TestNode.ALICE);
    client.send("");

    assertThat(client.staysQuiet(Duration.ofMillis(300))).isTrue();
    client.runEcho(WireClient.json("\"between blank lines\""));
  }

  @Test
  void closingTheInputEndsServing() throws Exception {
    client.hello(TestNode.ALICE);
    toServer.close();

    serving.get(10, TimeUnit.SECONDS);
    client.awaitClose();
    assertThat(serving).isCompleted();
  }

  @Test
  void sessionCloseIsAcknowledgedThenServingEnds() throws Exception {
    client.hello(TestNode.ALICE);
    client.sendRaw(client.envelope("session.close", WireClient.json("{}")));

    client.expect("session.closed");
    serving.get(10, TimeUnit.SECONDS);
    client.awaitClose();
    assertThat(serving).isCompleted();
  }
}
