package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resume in its three request forms, replay exactness, and refusals that leave the session alone. */
class ResumeTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");

  /** A session whose client saw the first {@code seen} frames of a ticker job, then lost its socket. */
  private record Dropped(String sessionId, String token, String jobId, long lastSeq) {}

  private Dropped dropMidJob(int ticks) throws Exception {
    try (WireClient client = NODE.connect()) {
      JsonNode welcome = client.hello(TestNode.ALICE, "ack", "progress");
      client.submit("ticker", WireClient.JSON.readTree("{\"count\":" + ticks + ",\"interval_ms\":100}"));
      String jobId = client.next().path("job_id").asText();
      JsonNode running = client.next();
      JsonNode firstTick = client.next();
      assertThat(firstTick.path("event_seq").asLong()).isEqualTo(running.path("event_seq").asLong() + 1);
      client.abort();
      return new Dropped(client.sessionId(), welcome.path("payload").path("resume_token").asText(), jobId,
          firstTick.path("event_seq").asLong());
    }
  }

  private static ObjectNode resumeBlock(Dropped dropped, String token, long lastSeq) {
    ObjectNode payload = WireClient.helloPayload(TestNode.ALICE, "ack");
    payload.putObject("resume").put("session_id", dropped.sessionId()).put("resume_token", token)
        .put("last_event_seq", lastSeq);
    return payload;
  }

  private static void assertContiguousFrom(List<JsonNode> frames, long firstSeq) {
    for (int i = 0; i < frames.size(); i++) {
      assertThat(frames.get(i).path("event_seq").asLong()).as("frame %s", frames.get(i)).isEqualTo(firstSeq + i);
    }
  }

  @Test
  void resumeReplaysWhatWasMissedWithTheSameSeqsThenGoesLive() throws Exception {
    Dropped dropped = dropMidJob(6);
    List<JsonNode> afterFirstResume;
    String secondToken;
    try (WireClient client = NODE.connect()) {
      String helloId = client.sendRaw(client.envelope("session.hello", resumeBlock(dropped, dropped.token(), dropped.lastSeq())));
      JsonNode welcome = client.welcome(helloId);
      assertThat(welcome.path("session_id").asText()).isEqualTo(dropped.sessionId());
      secondToken = welcome.path("payload").path("resume_token").asText();
      assertThat(secondToken).isNotEqualTo(dropped.token());
      afterFirstResume = client.untilTerminal(dropped.jobId());
      assertContiguousFrom(afterFirstResume, dropped.lastSeq() + 1);
      assertThat(afterFirstResume.get(afterFirstResume.size() - 1).path("payload").path("result").toString())
          .isEqualTo("{\"ticks\":6}");
    }
    try (WireClient again = NODE.connect()) {
      String helloId = again.sendRaw(again.envelope("session.hello", resumeBlock(dropped, secondToken, dropped.lastSeq())));
      again.welcome(helloId);
      List<JsonNode> replayed = again.untilTerminal(dropped.jobId());
      assertThat(replayed).isEqualTo(afterFirstResume);
    }
  }

  @Test
  void flatResumeFieldsWithoutSessionIdFindTheSessionByItsToken() throws Exception {
    Dropped dropped = dropMidJob(3);
    try (WireClient client = NODE.connect()) {
      ObjectNode payload = WireClient.helloPayload(TestNode.ALICE, "ack");
      payload.put("resume_token", dropped.token()).put("last_event_seq", dropped.lastSeq());
      JsonNode welcome = client.welcome(client.sendRaw(client.envelope("session.hello", payload)));
      assertThat(welcome.path("session_id").asText()).isEqualTo(dropped.sessionId());
      assertContiguousFrom(client.untilTerminal(dropped.jobId()), dropped.lastSeq() + 1);
    }
  }

  @Test
  void aSessionResumeMessageAuthenticatedByItsTokenResumes() throws Exception {
    Dropped dropped = dropMidJob(3);
    try (WireClient client = NODE.connect()) {
      ObjectNode payload = WireClient.JSON.createObjectNode().put("session_id", dropped.sessionId())
          .put("resume_token", dropped.token()).put("last_event_seq", dropped.lastSeq());
      JsonNode welcome = client.welcome(client.sendRaw(client.envelope("session.resume", payload)));
      assertThat(welcome.path("session_id").asText()).isEqualTo(dropped.sessionId());
      assertContiguousFrom(client.untilTerminal(dropped.jobId()), dropped.lastSeq() + 1);
    }
  }

  @Test
  void resumingWithNothingMissedSucceedsAndContinuesTheSequence() throws Exception {
    String sessionId;
    String token;
    long lastSeq;
    try (WireClient client = NODE.connect()) {
      JsonNode welcome = client.hello(TestNode.ALICE);
      sessionId = client.sessionId();
      token = welcome.path("payload").path("resume_token").asText();
      client.submit("echo", WireClient.JSON.nullNode());
      List<JsonNode> frames = client.untilTerminal(client.next().path("job_id").asText());
      lastSeq = frames.get(frames.size() - 1).path("event_seq").asLong();
    }
    try (WireClient client = NODE.connect()) {
      ObjectNode payload = WireClient.helloPayload(TestNode.ALICE);
      payload.putObject("resume").put("session_id", sessionId).put("resume_token", token).put("last_event_seq", lastSeq);
      client.welcome(client.sendRaw(client.envelope("session.hello", payload)));
      assertThat(client.staysQuiet(Duration.ofMillis(300))).isTrue();
      client.submit("echo", WireClient.JSON.nullNode());
      List<JsonNode> frames = client.untilTerminal(client.next().path("job_id").asText());
      assertThat(frames.get(0).path("event_seq").asLong()).isEqualTo(lastSeq + 1);
    }
  }

  private void assertResumeRefused(ObjectNode helloPayload) throws Exception {
    try (WireClient client = NODE.connect()) {
      String helloId = client.sendRaw(client.envelope("session.hello", helloPayload));
      JsonNode error = client.next();
      assertThat(error.path("type").asText()).isEqualTo("session.error");
      assertThat(error.path("payload").path("code").asText()).isEqualTo("RESUME_WINDOW_EXPIRED");
      JsonNode javaForm = client.next();
      assertThat(javaForm.path("type").asText()).isEqualTo("job.error");
      assertThat(javaForm.path("id").asText()).isEqualTo(helloId);
      client.awaitClose();
    }
  }

  @Test
  void aWrongTokenIsRefusedWithoutDisturbingTheRealSession() throws Exception {
    Dropped dropped = dropMidJob(3);
    String forged = dropped.token().substring(0, dropped.token().length() - 4) + "0000";
    assertResumeRefused(resumeBlock(dropped, forged, dropped.lastSeq()));
    try (WireClient client = NODE.connect()) {
      JsonNode welcome = client.welcome(client.sendRaw(
          client.envelope("session.hello", resumeBlock(dropped, dropped.token(), dropped.lastSeq()))));
      assertThat(welcome.path("session_id").asText()).isEqualTo(dropped.sessionId());
      assertContiguousFrom(client.untilTerminal(dropped.jobId()), dropped.lastSeq() + 1);
    }
  }

  @Test
  void anUnknownSessionIsRefused() throws Exception {
    Dropped dropped = dropMidJob(1);
    assertResumeRefused(resumeBlock(new Dropped("sess_01M87ZMPE2ZT4DT77B7XFNP0D5", "", "", 0), dropped.token(), 0));
  }

  @Test
  void aRotatedTokenNoLongerResumes() throws Exception {
    Dropped dropped = dropMidJob(1);
    try (WireClient client = NODE.connect()) {
      client.welcome(client.sendRaw(client.envelope("session.hello", resumeBlock(dropped, dropped.token(), dropped.lastSeq()))));
    }
    assertResumeRefused(resumeBlock(dropped, dropped.token(), dropped.lastSeq()));
  }

  @Test
  void anotherPrincipalCannotResumeTheSessionEvenWithItsToken() throws Exception {
    Dropped dropped = dropMidJob(1);
    ObjectNode payload = WireClient.helloPayload(TestNode.BOB);
    payload.putObject("resume").put("session_id", dropped.sessionId()).put("resume_token", dropped.token())
        .put("last_event_seq", dropped.lastSeq());
    assertResumeRefused(payload);
  }

  @Test
  void aResumeTakesTheSessionOverFromAStillOpenConnection() throws Exception {
    try (WireClient first = NODE.connect(); WireClient second = NODE.connect()) {
      JsonNode welcome = first.hello(TestNode.ALICE);
      ObjectNode payload = WireClient.helloPayload(TestNode.ALICE);
      payload.putObject("resume").put("session_id", first.sessionId())
          .put("resume_token", welcome.path("payload").path("resume_token").asText()).put("last_event_seq", 0);
      second.welcome(second.sendRaw(second.envelope("session.hello", payload)));
      first.awaitClose();
      second.submit("echo", WireClient.JSON.nullNode());
      assertThat(second.next().path("type").asText()).isEqualTo("job.accepted");
    }
  }

  @Test
  void acknowledgedEventsAreFreedSoAResumeBeforeTheAckIsRefused() throws Exception {
    String sessionId;
    String token;
    long lastSeq;
    try (WireClient client = NODE.connect()) {
      JsonNode welcome = client.hello(TestNode.ALICE, "ack");
      sessionId = client.sessionId();
      token = welcome.path("payload").path("resume_token").asText();
      client.submit("echo", WireClient.JSON.nullNode());
      List<JsonNode> frames = client.untilTerminal(client.next().path("job_id").asText());
      lastSeq = frames.get(frames.size() - 1).path("event_seq").asLong();
      client.sendRaw(client.envelope("session.ack", WireClient.JSON.createObjectNode().put("last_processed_seq", lastSeq)));
      assertThat(client.staysQuiet(Duration.ofMillis(300))).isTrue();
    }
    Dropped session = new Dropped(sessionId, token, "", lastSeq);
    assertResumeRefused(resumeBlock(session, token, lastSeq - 1));
    try (WireClient client = NODE.connect()) {
      JsonNode welcome = client.welcome(client.sendRaw(client.envelope("session.hello", resumeBlock(session, token, lastSeq))));
      assertThat(welcome.path("session_id").asText()).isEqualTo(sessionId);
    }
  }
}
