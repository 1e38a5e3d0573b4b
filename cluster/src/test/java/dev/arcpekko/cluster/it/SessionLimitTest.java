package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code arcp.limits.max-sessions-per-principal}: sessions with a live transport are counted per
 * principal; one beyond the limit is refused like any handshake refusal, and a session frees its
 * slot when it closes or its transport drops. Each test uses its own principal.
 */
class SessionLimitTest {
  private static final Duration RELEASE_WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.limits.max-sessions-per-principal = 2");

  private static WireClient open(String token) throws Exception {
    WireClient client = NODE.connect();
    client.hello(token);
    return client;
  }

  /** Sends a hello with {@code token} and asserts the refusal in both forms and the close. */
  private static void assertRefused(String token) throws Exception {
    WireClient client = NODE.connect();
    String helloId = client.sendRaw(client.helloFrame(token));
    JsonNode error = client.expectSessionError("PERMISSION_DENIED");
    JsonNode echo = client.expect("job.error");
    for (JsonNode payload : new JsonNode[] {error.path("payload"), echo.path("payload")}) {
      assertThat(payload.path("code").asText()).isEqualTo("PERMISSION_DENIED");
      assertThat(payload.path("message").asText()).contains("max_sessions_per_principal").doesNotContain(token);
      assertThat(payload.path("retryable").asBoolean()).isTrue();
      assertThat(payload.path("details").path("limit").asText()).isEqualTo("max_sessions_per_principal");
      assertThat(payload.path("details").path("max").asInt()).isEqualTo(2);
    }
    assertThat(echo.has("job_id")).isFalse();
    assertThat(echo.path("id").asText()).isEqualTo(helloId);
    client.awaitClose();
  }

  /** Opens a session with {@code token} as soon as the principal has a free slot. */
  private static JsonNode helloOnceFree(String token) throws Exception {
    long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
    while (true) {
      WireClient client = NODE.connect();
      client.sendRaw(client.helloFrame(token));
      JsonNode first = client.next();
      if (first.path("type").asText().equals("session.welcome")) {
        return first;
      }
      assertThat(System.nanoTime()).as("a slot within %s; last answer %s", RELEASE_WAIT, first).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void aSessionBeyondTheLimitIsRefusedInBothFormsAndClosedWhileOtherPrincipalsAreUnaffected() throws Exception {
    open(TestNode.ALICE);
    open(TestNode.ALICE);

    assertRefused(TestNode.ALICE);
    assertThat(open(TestNode.BOB).sessionId()).startsWith("sess_");
  }

  @Test
  void resumingACountedSessionOnANewTransportKeepsItsSlotAndClosingFreesIt() throws Exception {
    WireClient first = NODE.connect();
    String resumeToken = first.hello(TestNode.CAROL).path("payload").path("resume_token").asText();
    open(TestNode.CAROL);

    WireClient takeover = NODE.connect();
    JsonNode welcome = takeover.resume(TestNode.CAROL, first.sessionId(), resumeToken, 0);
    assertThat(welcome.path("session_id").asText()).isEqualTo(first.sessionId());
    first.awaitClose();
    assertRefused(TestNode.CAROL);

    takeover.sendRaw(takeover.envelope("session.close", WireClient.json("{}")));
    takeover.expect("session.closed");
    takeover.awaitClose();
    assertThat(open(TestNode.CAROL).sessionId()).startsWith("sess_").isNotEqualTo(first.sessionId());
  }

  @Test
  void aDroppedTransportFreesItsSlot() throws Exception {
    WireClient dropped = open(TestNode.DASHBOARD);
    open(TestNode.DASHBOARD);
    assertRefused(TestNode.DASHBOARD);

    dropped.abort();

    assertThat(helloOnceFree(TestNode.DASHBOARD).path("type").asText()).isEqualTo("session.welcome");
  }
}
