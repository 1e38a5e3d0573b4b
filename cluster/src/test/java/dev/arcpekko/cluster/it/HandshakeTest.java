package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** session.hello → session.welcome, and every way a handshake is refused, over a real socket. */
class HandshakeTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");
  WireClient client;

  @BeforeEach
  void connect() throws Exception {
    client = NODE.connect();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void welcomeNamesTheSessionTheRuntimeAndTheResumeTerms() {
    JsonNode welcome = client.hello(TestNode.ALICE);

    assertThat(welcome.path("arcp").asText()).isEqualTo("1.1");
    assertThat(welcome.path("session_id").asText()).matches("sess_[0-9A-Z]{26}");
    JsonNode payload = welcome.path("payload");
    assertThat(payload.path("runtime").path("name").asText()).isEqualTo("arcp-pekko");
    assertThat(payload.path("runtime").path("version").asText()).isEqualTo("0.1.0");
    assertThat(payload.path("resume_token").asText()).startsWith("rt_");
    assertThat(payload.path("resume_window_sec").isIntegralNumber()).isTrue();
    assertThat(payload.path("resume_window_sec").asLong()).isEqualTo(600);
  }

  @Test
  void heartbeatIntervalIsAdvertisedWhenHeartbeatWasOffered() {
    JsonNode welcome = client.hello(TestNode.ALICE, "heartbeat");

    assertThat(welcome.path("payload").path("heartbeat_interval_sec").asLong()).isEqualTo(30);
  }

  @Test
  void heartbeatIntervalIsAbsentWhenHeartbeatWasNotOffered() {
    JsonNode welcome = client.hello(TestNode.ALICE, "ack");

    assertThat(welcome.path("payload").has("heartbeat_interval_sec")).isFalse();
  }

  @Test
  void featuresAreTheIntersectionOfOfferedAndSupported() {
    JsonNode welcome = client.hello(TestNode.ALICE, "heartbeat", "ack", "subscribe", "list_jobs", "progress",
        "result_chunk", "x-acme.unknown");

    assertThat(texts(welcome.path("payload").path("capabilities").path("features")))
        .containsExactlyInAnyOrder("heartbeat", "ack", "subscribe", "list_jobs", "progress", "result_chunk");
  }

  @Test
  void offeringEveryFeatureYieldsExactlyTheSupportedOnes() {
    JsonNode welcome = client.hello(TestNode.ALICE, "heartbeat", "ack", "list_jobs", "subscribe",
        "lease_expires_at", "cost.budget", "progress", "result_chunk", "agent_versions", "model.use",
        "provisioned_credentials");

    assertThat(texts(welcome.path("payload").path("capabilities").path("features")))
        .containsExactlyInAnyOrder("heartbeat", "ack", "agent_versions", "progress", "result_chunk", "subscribe",
            "list_jobs");
  }

  @Test
  void agentInventoryListsEveryAgentWithItsVersionsAndDefault() {
    JsonNode agents = client.hello(TestNode.ALICE, "agent_versions").path("payload").path("capabilities").path("agents");

    assertThat(agents.isArray()).isTrue();
    assertThat(agents).allSatisfy(agent -> {
      assertThat(agent.path("name").asText()).isNotBlank();
      assertThat(agent.path("versions").isArray()).isTrue();
      assertThat(texts(agent.path("versions"))).contains(agent.path("default").asText());
    });
    JsonNode echo = StreamSupport.stream(agents.spliterator(), false)
        .filter(agent -> agent.path("name").asText().equals("echo")).findFirst().orElseThrow();
    assertThat(texts(echo.path("versions"))).containsExactly("1.0.0", "2.0.0");
    assertThat(echo.path("default").asText()).isEqualTo("2.0.0");
  }

  @Test
  void aResumingHelloNegotiatesItsOwnFeatures() throws Exception {
    JsonNode first = client.hello(TestNode.ALICE, "heartbeat", "ack");
    try (WireClient resumed = NODE.connect()) {
      JsonNode welcome = resumed.resume(TestNode.ALICE, client.sessionId(),
          first.path("payload").path("resume_token").asText(), 0, "ack");

      assertThat(welcome.path("session_id").asText()).isEqualTo(client.sessionId());
      assertThat(texts(welcome.path("payload").path("capabilities").path("features"))).containsExactly("ack");
      assertThat(welcome.path("payload").has("heartbeat_interval_sec")).isFalse();
    }
  }

  @Test
  void aWrongTokenIsRefusedInBothClientsFormsThenTheSocketCloses() throws Exception {
    String helloId = client.sendRaw(client.helloFrame("not-a-token"));
    assertUnauthenticatedThenClosed(helloId);
  }

  @Test
  void aHelloWithoutAuthIsUnauthenticated() throws Exception {
    ObjectNode hello = client.helloFrame(TestNode.ALICE);
    ((ObjectNode) hello.path("payload")).remove("auth");
    assertUnauthenticatedThenClosed(client.sendRaw(hello));
  }

  @Test
  void theAnonymousSchemeIsUnauthenticated() throws Exception {
    ObjectNode hello = client.helloFrame(TestNode.ALICE);
    ((ObjectNode) hello.path("payload")).putObject("auth").put("scheme", "anonymous");
    assertUnauthenticatedThenClosed(client.sendRaw(hello));
  }

  private void assertUnauthenticatedThenClosed(String helloId) throws Exception {
    JsonNode sessionError = client.expectSessionError("UNAUTHENTICATED");
    JsonNode jobError = client.expect("job.error");
    assertThat(jobError.has("job_id")).isFalse();
    assertThat(jobError.path("id").asText()).isEqualTo(helloId);
    assertThat(jobError.path("payload").path("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(jobError.path("payload").path("message").asText()).isEqualTo(
        sessionError.path("payload").path("message").asText());
    client.awaitClose();
    assertThat(client.isClosed()).isTrue();
  }

  @Test
  void eachRefusedHelloCarriesAFreshSessionId() throws Exception {
    client.sendRaw(client.helloFrame("not-a-token"));
    String first = client.expectSessionError("UNAUTHENTICATED").path("session_id").asText();
    try (WireClient other = NODE.connect()) {
      other.sendRaw(other.helloFrame("not-a-token"));
      assertThat(other.expectSessionError("UNAUTHENTICATED").path("session_id").asText()).isNotEqualTo(first);
    }
  }

  @Test
  void aFirstFrameOtherThanHelloIsInvalidAndTheSocketStaysUsable() {
    client.submit("echo", WireClient.json("{}"));

    JsonNode error = client.expectSessionError("INVALID_REQUEST");
    assertThat(error.path("payload").path("message").asText()).contains("job.submit", "session.hello");
    assertThat(client.hello(TestNode.ALICE).path("session_id").asText()).startsWith("sess_");
  }

  @Test
  void aSecondHelloIsInvalidAndTheSessionKeepsWorking() {
    client.hello(TestNode.ALICE);
    client.sendRaw(client.helloFrame(TestNode.ALICE));

    JsonNode error = client.expectSessionError("INVALID_REQUEST");
    assertThat(error.path("payload").path("message").asText()).contains("session.hello");
    client.runEcho(WireClient.json("\"still here\""));
  }

  @Test
  void everyFrameAfterTheWelcomeCarriesTheSessionIdAndVersion11() {
    String sessionId = client.hello(TestNode.ALICE, "heartbeat", "ack", "progress").path("session_id").asText();
    List<JsonNode> frames = new ArrayList<>();
    client.ping("p1");
    frames.add(client.expect("session.pong"));
    client.send("{\"arcp\":\"1.1\"}");
    frames.add(client.expectSessionError("INVALID_REQUEST"));
    client.submit("ticker", WireClient.json("{\"count\":2,\"interval_ms\":10}"));
    JsonNode accepted = client.expect("job.accepted");
    frames.add(accepted);
    frames.addAll(client.untilTerminal(accepted.path("job_id").asText()));
    client.sendRaw(client.envelope("session.close", WireClient.json("{}")));
    frames.add(client.expect("session.closed"));

    assertThat(frames).allSatisfy(frame -> {
      assertThat(frame.path("session_id").asText()).as("%s", frame).isEqualTo(sessionId);
      assertThat(frame.path("arcp").asText()).as("%s", frame).isEqualTo("1.1");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.0", "1.1"})
  void aHelloOfVersion1Or10Or11IsAccepted(String version) {
    ObjectNode hello = client.helloFrame(TestNode.ALICE);
    hello.put("arcp", version);

    JsonNode welcome = client.welcome(client.sendRaw(hello));
    assertThat(welcome.path("arcp").asText()).isEqualTo("1.1");
  }

  @Test
  void aHelloOfAnUnknownVersionIsInvalid() {
    ObjectNode hello = client.helloFrame(TestNode.ALICE);
    hello.put("arcp", "2.0");
    client.sendRaw(hello);

    assertThat(client.expectSessionError("INVALID_REQUEST").path("payload").path("message").asText())
        .contains("2.0");
  }
}
