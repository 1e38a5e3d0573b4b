package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** session.bye (1.0) and session.close (1.1): acknowledged, the socket closes, the jobs live on. */
class CloseTest {
  private static final String TICKER_INPUT = "{\"count\":5,\"interval_ms\":200}";

  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");
  WireClient client;
  String resumeToken;

  @BeforeEach
  void open() throws Exception {
    client = NODE.connect();
    resumeToken = client.hello(TestNode.ALICE, "progress").path("payload").path("resume_token").asText();
  }

  @ParameterizedTest
  @ValueSource(strings = {"session.bye", "session.close"})
  void closingIsAcknowledgedWithSessionClosedThenTheSocketCloses(String type) throws Exception {
    client.sendRaw(client.envelope(type, WireClient.json("{\"reason\":\"done\"}")));

    JsonNode closed = client.expect("session.closed");
    assertThat(closed.path("session_id").asText()).isEqualTo(client.sessionId());
    client.awaitClose();
    assertThat(client.isClosed()).isTrue();
  }

  @Test
  void aJobRunningAtCloseKeepsRunningAndAResumeDeliversItsResult() throws Exception {
    String jobId = startTicker();
    client.sendRaw(client.envelope("session.close", WireClient.json("{}")));
    List<JsonNode> beforeClose = client.until(frame -> frame.path("type").asText().equals("session.closed"));
    client.awaitClose();

    List<JsonNode> seen = new ArrayList<>(beforeClose);
    seen.addAll(resumeUntilTerminal(jobId, lastSeqIn(beforeClose)));
    assertTickedFiveTimesThenSucceeded(seen);
  }

  @Test
  void closeFollowedByAnImmediateAbortIsStillGraceful() throws Exception {
    String jobId = startTicker();
    client.sendRaw(client.envelope("session.close", WireClient.json("{}")));
    client.abort();

    List<JsonNode> afterResume = resumeUntilTerminal(jobId, 0);
    assertTickedFiveTimesThenSucceeded(afterResume);
  }

  /** Submits ticker, reads its acceptance and first event; returns its job id. */
  private String startTicker() {
    client.submit("ticker", WireClient.json(TICKER_INPUT));
    String jobId = client.expect("job.accepted").path("job_id").asText();
    assertThat(client.expect("job.event").path("payload").path("kind").asText()).isEqualTo("status");
    return jobId;
  }

  private static long lastSeqIn(List<JsonNode> frames) {
    return frames.stream().mapToLong(frame -> frame.path("event_seq").asLong(0)).max().orElse(0);
  }

  private List<JsonNode> resumeUntilTerminal(String jobId, long lastEventSeq) throws Exception {
    try (WireClient resumed = NODE.connect()) {
      JsonNode welcome = resumed.resume(TestNode.ALICE, client.sessionId(), resumeToken, lastEventSeq, "progress");
      assertThat(welcome.path("session_id").asText()).isEqualTo(client.sessionId());
      List<JsonNode> frames = resumed.untilTerminal(jobId);
      assertThat(frames.get(0).path("event_seq").asLong()).isEqualTo(lastEventSeq + 1);
      return frames;
    }
  }

  private static void assertTickedFiveTimesThenSucceeded(List<JsonNode> frames) {
    List<Long> ticks = frames.stream()
        .filter(frame -> frame.path("payload").path("kind").asText().equals("progress"))
        .map(frame -> frame.path("payload").path("body").path("current").asLong())
        .toList();
    assertThat(ticks).containsExactly(1L, 2L, 3L, 4L, 5L);
    JsonNode last = frames.get(frames.size() - 1);
    assertThat(last.path("type").asText()).isEqualTo("job.result");
    assertThat(last.path("payload").path("result")).isEqualTo(WireClient.json("{\"ticks\":5}"));
  }
}
