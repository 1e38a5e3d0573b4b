package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** session.ping / session.pong and heartbeat loss (spec 1.1 §6.4), with a one-second interval. */
class HeartbeatTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.heartbeat-interval = 1s");
  WireClient client;

  @BeforeEach
  void connect() throws Exception {
    client = NODE.connect();
  }

  @Test
  void theWelcomeAdvertisesTheConfiguredInterval() {
    JsonNode welcome = client.hello(TestNode.ALICE, "heartbeat");

    assertThat(welcome.path("payload").path("heartbeat_interval_sec").asLong()).isEqualTo(INTERVAL.toSeconds());
  }

  @Test
  void anIdleSessionThatNegotiatedHeartbeatIsPinged() {
    String sessionId = client.hello(TestNode.ALICE, "heartbeat").path("session_id").asText();
    Instant idleSince = Instant.now();

    JsonNode ping = client.nextIncludingPings();
    assertThat(ping.path("type").asText()).isEqualTo("session.ping");
    assertThat(ping.path("session_id").asText()).isEqualTo(sessionId);
    assertThat(ping.has("event_seq")).isFalse();
    assertThat(ping.path("payload").path("nonce").asText()).isNotBlank();
    Instant sentAt = Instant.parse(ping.path("payload").path("sent_at").asText());
    assertThat(sentAt).isBetween(idleSince.minusSeconds(1), Instant.now().plusSeconds(1));
    assertThat(Duration.between(idleSince, Instant.now())).isLessThanOrEqualTo(INTERVAL.multipliedBy(2));
  }

  @Test
  void aClientPingIsAnsweredWithAPongEchoingItsNonce() {
    String sessionId = client.hello(TestNode.ALICE, "heartbeat").path("session_id").asText();
    client.ping("nonce-42");

    JsonNode pong = client.expect("session.pong");
    assertThat(pong.path("session_id").asText()).isEqualTo(sessionId);
    assertThat(pong.has("event_seq")).isFalse();
    assertThat(pong.path("payload").path("ping_nonce").asText()).isEqualTo("nonce-42");
    assertThat(Instant.parse(pong.path("payload").path("received_at").asText())).isNotNull();
  }

  @Test
  void aClientAnsweringPingsIsNotDisconnected() {
    client.hello(TestNode.ALICE, "heartbeat");
    client.answeringPings();

    assertThat(client.staysQuiet(INTERVAL.multipliedBy(4))).as("no session.error arrives").isTrue();
    assertThat(client.isClosed()).isFalse();
    assertThat(client.pingsSkipped()).as("pings answered").isGreaterThanOrEqualTo(3);
    client.runEcho(WireClient.json("\"alive\""));
  }

  @Test
  void aSilentClientLosesItsTransportButNotItsRunningJob() throws Exception {
    JsonNode welcome = client.hello(TestNode.ALICE, "heartbeat");
    client.submit("sleeper", WireClient.json("{\"ms\":3000}"));
    String jobId = client.expect("job.accepted").path("job_id").asText();
    long lastSeq = client.expect("job.event").path("event_seq").asLong();

    JsonNode lost = client.expectSessionError("HEARTBEAT_LOST");
    assertThat(lost.path("payload").path("message").asText()).contains("heartbeat");
    client.awaitClose();

    try (WireClient resumed = NODE.connect()) {
      resumed.answeringPings();
      JsonNode again = resumed.resume(TestNode.ALICE, client.sessionId(),
          welcome.path("payload").path("resume_token").asText(), lastSeq, "heartbeat");
      assertThat(again.path("session_id").asText()).isEqualTo(client.sessionId());
      List<JsonNode> frames = resumed.untilTerminal(jobId);
      JsonNode result = frames.get(frames.size() - 1);
      assertThat(result.path("type").asText()).isEqualTo("job.result");
      assertThat(result.path("payload").path("result")).isEqualTo(WireClient.json("{\"slept_ms\":3000}"));
      assertThat(result.path("event_seq").asLong()).isGreaterThan(lastSeq);
    }
  }

  @Test
  void aSessionWithoutHeartbeatIsNeitherPingedNorDropped() {
    JsonNode welcome = client.hello(TestNode.ALICE, "ack");
    assertThat(welcome.path("payload").has("heartbeat_interval_sec")).isFalse();

    assertThat(client.staysQuiet(INTERVAL.multipliedBy(3))).isTrue();
    assertThat(client.pingsSkipped()).as("pings received").isZero();
    assertThat(client.isClosed()).isFalse();
    client.runEcho(WireClient.json("\"unwatched\""));
  }
}
