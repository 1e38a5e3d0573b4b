package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.runtime.auth.AuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** job.subscribe / job.subscribed / job.unsubscribe over real sockets (spec 1.1 §7.6, §7.7). */
class SubscriptionTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.observers { all = [dashboard], allow { carol = [bob] } }");

  @RegisterExtension
  final LogCapture audit = new LogCapture(AuditLog.LOGGER);

  private static WireClient session(String token, String... features) throws Exception {
    WireClient client = NODE.connect();
    client.hello(token, features);
    return client;
  }

  private static String submit(WireClient client, String agent, String input) throws Exception {
    client.submit(agent, WireClient.JSON.readTree(input));
    List<JsonNode> frames = client.until(frame -> frame.path("type").asText().equals("job.accepted"));
    return frames.get(frames.size() - 1).path("job_id").asText();
  }

  private static boolean isJobFrame(JsonNode frame, String jobId) {
    String type = frame.path("type").asText();
    return jobId.equals(frame.path("job_id").asText())
        && (type.equals("job.event") || type.equals("job.result") || type.equals("job.error"));
  }

  private static List<JsonNode> payloadsOf(List<JsonNode> frames, String jobId) {
    return frames.stream().filter(frame -> isJobFrame(frame, jobId)).map(frame -> frame.path("payload")).toList();
  }

  private static void assertContiguousFrom(List<JsonNode> frames, long first) {
    List<Long> seqs = frames.stream().filter(frame -> frame.has("event_seq"))
        .map(frame -> frame.path("event_seq").asLong()).toList();
    assertThat(seqs).isNotEmpty();
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).as("seq #%d of %s", i, seqs).isEqualTo(first + i);
    }
  }

  private static Predicate<JsonNode> terminalOf(String jobId) {
    return frame -> isJobFrame(frame, jobId) && !frame.path("type").asText().equals("job.event");
  }

  @Test
  void aLateSubscriberToAFinishedJobGetsItsWholeHistoryEndingWithTheTerminalInItsOwnSeq() throws Exception {
    WireClient owner = session(TestNode.ALICE);
    String jobId = submit(owner, "chatty", "{\"count\": 50}");
    List<JsonNode> ownerFrames = owner.untilTerminal(jobId);

    WireClient late = session(TestNode.ALICE, "subscribe");
    String own = submit(late, "echo", "{\"mine\": true}");
    List<JsonNode> before = late.untilTerminal(own);
    long lastSeqBefore = before.get(before.size() - 1).path("event_seq").asLong();

    late.subscribe(jobId, true, 0);
    JsonNode subscribed = late.expect("job.subscribed");
    assertThat(subscribed.path("job_id").asText()).isEqualTo(jobId);
    assertThat(subscribed.has("event_seq")).isFalse();
    JsonNode descriptor = subscribed.path("payload");
    assertThat(descriptor.path("job_id").asText()).isEqualTo(jobId);
    assertThat(descriptor.path("current_status").asText()).isEqualTo("success");
    assertThat(descriptor.path("agent").asText()).isEqualTo("chatty@1.0.0");
    assertThat(descriptor.path("lease").isObject()).isTrue();
    assertThat(descriptor.path("trace_id").asText()).isEqualTo(ownerFrames.get(0).path("trace_id").asText());
    assertThat(descriptor.path("subscribed_from").asLong()).isEqualTo(lastSeqBefore);
    assertThat(descriptor.path("replayed").asBoolean()).isTrue();

    List<JsonNode> replay = late.until(terminalOf(jobId));
    assertThat(payloadsOf(replay, jobId)).isEqualTo(payloadsOf(ownerFrames, jobId));
    assertContiguousFrom(replay, lastSeqBefore + 1);
    assertThat(replay).allSatisfy(frame -> {
      assertThat(frame.path("session_id").asText()).isEqualTo(late.sessionId());
      assertThat(frame.path("trace_id").asText()).isEqualTo(descriptor.path("trace_id").asText());
    });
    assertThat(late.staysQuiet(Duration.ofMillis(300))).isTrue();
  }

  @Test
  void twoSubscribersAndTheOwnerSeeTheSameEventsEachInItsOwnContiguousSeq() throws Exception {
    WireClient owner = session(TestNode.ALICE, "progress");
    String jobId = submit(owner, "chatty", "{\"count\": 40, \"interval_ms\": 15}");
    WireClient sameUser = session(TestNode.ALICE, "subscribe");
    WireClient dashboard = session(TestNode.DASHBOARD, "subscribe");
    String dashboardJob = submit(dashboard, "echo", "{\"dash\": 1}");
    String sideJob = submit(sameUser, "chatty", "{\"count\": 20, \"interval_ms\": 5}");

    sameUser.subscribe(jobId, true, 0);
    dashboard.subscribe(jobId, true, 0);

    List<JsonNode> ownerFrames = owner.untilTerminal(jobId);
    List<JsonNode> sameUserFrames = new ArrayList<>();
    while (payloadsOf(sameUserFrames, jobId).size() < payloadsOf(ownerFrames, jobId).size()
        || payloadsOf(sameUserFrames, sideJob).stream().noneMatch(p -> p.has("result"))) {
      sameUserFrames.add(sameUser.next());
    }
    List<JsonNode> dashboardFrames = dashboard.until(terminalOf(jobId));

    assertThat(payloadsOf(sameUserFrames, jobId)).isEqualTo(payloadsOf(ownerFrames, jobId));
    assertThat(payloadsOf(dashboardFrames, jobId)).isEqualTo(payloadsOf(ownerFrames, jobId));
    assertThat(payloadsOf(sameUserFrames, sideJob)).hasSize(22);
    assertContiguousFrom(ownerFrames, ownerFrames.get(0).path("event_seq").asLong());
    assertContiguousFrom(sameUserFrames.stream().filter(f -> f.has("event_seq")).toList(), 1);
    List<JsonNode> dashboardSeqFrames = dashboardFrames.stream().filter(f -> f.has("event_seq")).toList();
    assertContiguousFrom(dashboardSeqFrames, dashboardSeqFrames.get(0).path("event_seq").asLong());
    assertThat(payloadsOf(dashboardFrames, dashboardJob)).isNotEmpty();
  }

  @Test
  void oneSubscriberFollowsSeveralJobsOfSeveralOwnersAtOnce() throws Exception {
    WireClient alice = session(TestNode.ALICE);
    WireClient bob = session(TestNode.BOB);
    String alicesJob = submit(alice, "chatty", "{\"count\": 30, \"interval_ms\": 10}");
    String bobsJob = submit(bob, "chatty", "{\"count\": 25, \"interval_ms\": 12}");
    WireClient dashboard = session(TestNode.DASHBOARD, "subscribe");
    dashboard.subscribe(alicesJob, true, 0);
    dashboard.subscribe(bobsJob, true, 0);

    List<JsonNode> alicesFrames = alice.untilTerminal(alicesJob);
    List<JsonNode> bobsFrames = bob.untilTerminal(bobsJob);
    List<JsonNode> seen = new ArrayList<>();
    while (payloadsOf(seen, alicesJob).size() < alicesFrames.size()
        || payloadsOf(seen, bobsJob).size() < bobsFrames.size()) {
      seen.add(dashboard.next());
    }
    assertThat(seen).filteredOn(frame -> frame.path("type").asText().equals("job.subscribed")).hasSize(2);
    assertThat(payloadsOf(seen, alicesJob)).isEqualTo(payloadsOf(alicesFrames, alicesJob));
    assertThat(payloadsOf(seen, bobsJob)).isEqualTo(payloadsOf(bobsFrames, bobsJob));
    assertContiguousFrom(seen, 1);
    assertThat(dashboard.staysQuiet(Duration.ofMillis(300))).isTrue();
  }

  @Test
  void withoutHistoryOnlyLaterEventsArriveThroughTheTerminal() throws Exception {
    WireClient owner = session(TestNode.ALICE);
    String jobId = submit(owner, "chatty", "{\"count\": 60, \"interval_ms\": 20}");
    owner.until(frame -> frame.path("payload").path("body").path("message").asText().equals("line 10"));

    WireClient live = session(TestNode.ALICE, "subscribe");
    live.subscribe(jobId, false, 0);
    JsonNode subscribed = live.expect("job.subscribed").path("payload");
    assertThat(subscribed.path("current_status").asText()).isEqualTo("running");
    assertThat(subscribed.path("replayed").asBoolean()).isFalse();
    List<JsonNode> frames = live.until(terminalOf(jobId));
    List<Integer> lines = frames.stream().filter(frame -> frame.path("type").asText().equals("job.event"))
        .map(frame -> Integer.parseInt(frame.path("payload").path("body").path("message").asText().substring(5)))
        .toList();
    assertThat(lines.get(0)).isGreaterThan(10);
    for (int i = 1; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo(lines.get(0) + i);
    }
    assertThat(lines.get(lines.size() - 1)).isEqualTo(60);
    assertThat(frames.get(frames.size() - 1).path("type").asText()).isEqualTo("job.result");
  }

  @Test
  void aSubscriptionSetUpWhileItsJobEndsStillDeliversTheEnd() throws Exception {
    WireClient owner = session(TestNode.ALICE);
    WireClient watcher = session(TestNode.ALICE, "subscribe");
    for (int round = 0; round < 40; round++) {
      // Jobs of 0 to 3 ms: many end while their subscription is being set up.
      String jobId = submit(owner, "chatty", "{\"count\": " + round % 4 + ", \"interval_ms\": 1}");
      watcher.subscribe(jobId, false, 0);
      JsonNode subscribed = watcher.expect("job.subscribed").path("payload");
      if (!subscribed.path("current_status").asText().equals("success")) {
        List<JsonNode> frames = watcher.until(terminalOf(jobId));
        assertThat(frames.get(frames.size() - 1).path("type").asText()).as("end of %s", jobId)
            .isEqualTo("job.result");
        assertThat(frames).allMatch(frame -> jobId.equals(frame.path("job_id").asText()));
      }
    }
    assertThat(watcher.staysQuiet(Duration.ofMillis(300))).as("no frame after the last end").isTrue();
  }

  @Test
  void fromEventSeqCountsInTheSubmitterSessionsSeqSpace() throws Exception {
    WireClient owner = session(TestNode.ALICE);
    submit(owner, "echo", "{\"first\": 1}");
    String jobId = submit(owner, "chatty", "{\"count\": 20}");
    List<JsonNode> ownerFrames = owner.until(terminalOf(jobId)).stream().filter(f -> isJobFrame(f, jobId)).toList();
    JsonNode tenth = ownerFrames.get(9);

    WireClient late = session(TestNode.ALICE, "subscribe");
    late.subscribe(jobId, true, tenth.path("event_seq").asLong());
    assertThat(late.expect("job.subscribed").path("payload").path("replayed").asBoolean()).isTrue();
    List<JsonNode> replay = late.until(terminalOf(jobId));
    assertThat(payloadsOf(replay, jobId)).isEqualTo(payloadsOf(ownerFrames.subList(10, ownerFrames.size()), jobId));
  }

  @Test
  void observersConfiguredByPolicySeeOtherPrincipalsJobsOthersLearnNothing() throws Exception {
    WireClient bob = session(TestNode.BOB);
    String bobsJob = submit(bob, "echo", "{\"bob\": 1}");
    bob.untilTerminal(bobsJob);

    WireClient carol = session(TestNode.CAROL, "subscribe");
    carol.subscribe(bobsJob, true, 0);
    assertThat(carol.expect("job.subscribed").path("payload").path("current_status").asText()).isEqualTo("success");
    assertThat(carol.until(terminalOf(bobsJob)).get(0).path("payload").path("kind").asText()).isEqualTo("status");

    WireClient alice = session(TestNode.ALICE, "subscribe");
    alice.subscribe(bobsJob, true, 0);
    JsonNode denied = alice.expect("job.error");
    alice.subscribe("job_01JZZZZZZZZZZZZZZZZZZZZZZZ", true, 0);
    JsonNode unknown = alice.expect("job.error");
    assertThat(denied.path("job_id").asText()).isEqualTo(bobsJob);
    assertThat(denied.path("payload").path("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(unknown.path("payload").path("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(denied.path("payload").path("message").asText())
        .isEqualTo(unknown.path("payload").path("message").asText().replace("job_01JZZZZZZZZZZZZZZZZZZZZZZZ", bobsJob));
    assertThat(denied.toString()).doesNotContain("bob\"").doesNotContain("echo");
    assertThat(alice.staysQuiet(Duration.ofMillis(300))).isTrue();

    List<String> lines = audit.lines();
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("decision=allowed", "subscriber=carol", "job=" + bobsJob, "owner=bob"));
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("decision=denied", "subscriber=alice", "job=" + bobsJob, "owner=bob"));
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .contains("decision=not_found", "subscriber=alice", "job=job_01JZZZZZZZZZZZZZZZZZZZZZZZ", "owner=-"));
  }

  @Test
  void subscribingNeverGrantsCancelAuthority() throws Exception {
    WireClient owner = session(TestNode.ALICE);
    String jobId = submit(owner, "chatty", "{\"count\": 400, \"interval_ms\": 10}");
    WireClient sameUser = session(TestNode.ALICE, "subscribe");
    WireClient dashboard = session(TestNode.DASHBOARD, "subscribe");
    sameUser.subscribe(jobId, false, 0);
    sameUser.expect("job.subscribed");
    dashboard.subscribe(jobId, false, 0);
    dashboard.expect("job.subscribed");

    sameUser.cancel(jobId, "not mine");
    dashboard.cancel(jobId, "not mine either");
    JsonNode sameUserRefusal = sameUser.until(frame -> frame.path("type").asText().equals("job.error")).stream()
        .reduce((a, b) -> b).orElseThrow();
    JsonNode dashboardRefusal = dashboard.until(frame -> frame.path("type").asText().equals("job.error")).stream()
        .reduce((a, b) -> b).orElseThrow();
    assertThat(sameUserRefusal.path("payload").path("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(dashboardRefusal.path("payload").path("code").asText()).isEqualTo("JOB_NOT_FOUND");

    List<JsonNode> stillRunning = owner.until(frame -> frame.path("payload").path("body").path("message")
        .asText().equals("line 20"));
    assertThat(stillRunning).noneMatch(frame -> frame.path("type").asText().equals("job.error"));
    owner.cancel(jobId, "done");
    assertThat(owner.untilTerminal(jobId).stream().reduce((a, b) -> b).orElseThrow()
        .path("payload").path("final_status").asText()).isEqualTo("cancelled");
  }

  @Test
  void unsubscribeStopsDeliveryPromptlyWhileTheJobGoesOn() throws Exception {
    WireClient owner = session(TestNode.ALICE);
    String jobId = submit(owner, "chatty", "{\"count\": 150, \"interval_ms\": 10}");
    WireClient watcher = session(TestNode.ALICE, "subscribe");
    watcher.subscribe(jobId, true, 0);
    watcher.expect("job.subscribed");
    watcher.until(frame -> frame.path("payload").path("body").path("message").asText().equals("line 5"));
    watcher.sendRaw(watcher.envelope("job.unsubscribe", WireClient.JSON.createObjectNode().put("job_id", jobId)));
    // Whatever was stamped before the unsubscribe took effect may still arrive; then nothing.
    while (!watcher.staysQuiet(Duration.ofMillis(400))) {
      watcher.next();
    }
    assertThat(watcher.staysQuiet(Duration.ofMillis(600))).isTrue();
    List<JsonNode> ownerFrames = owner.untilTerminal(jobId);
    assertThat(ownerFrames.get(ownerFrames.size() - 1).path("type").asText()).isEqualTo("job.result");
    assertThat(watcher.staysQuiet(Duration.ofMillis(200))).isTrue();
  }

  @Test
  void aSubscriberThatResumesItsSessionGetsTheForwardedEventsAgain() throws Exception {
    WireClient owner = session(TestNode.ALICE);
    String jobId = submit(owner, "chatty", "{\"count\": 80, \"interval_ms\": 10}");
    WireClient watcher = NODE.connect();
    JsonNode welcome = watcher.hello(TestNode.ALICE, "subscribe");
    watcher.subscribe(jobId, true, 0);
    watcher.expect("job.subscribed");
    List<JsonNode> seen = watcher.until(frame -> frame.path("payload").path("body").path("message")
        .asText().equals("line 10"));
    long resumeFrom = seen.get(4).path("event_seq").asLong();
    List<JsonNode> expectedAgain = seen.subList(5, seen.size());
    watcher.abort();

    WireClient resumed = NODE.connect();
    resumed.resume(TestNode.ALICE, welcome.path("session_id").asText(),
        welcome.path("payload").path("resume_token").asText(), resumeFrom, "subscribe");
    List<JsonNode> replay = resumed.until(terminalOf(jobId));
    assertThat(replay.subList(0, expectedAgain.size())).isEqualTo(expectedAgain);
    assertContiguousFrom(replay, resumeFrom + 1);
    List<JsonNode> ownerFrames = owner.untilTerminal(jobId);
    List<JsonNode> all = new ArrayList<>(seen.subList(0, 5));
    all.addAll(replay);
    assertThat(payloadsOf(all, jobId)).isEqualTo(payloadsOf(ownerFrames, jobId));
  }

  @Test
  void subscribeNeedsTheNegotiatedFeature() throws Exception {
    WireClient client = session(TestNode.ALICE);
    client.subscribe("job_01JZZZZZZZZZZZZZZZZZZZZZZZ", true, 0);
    client.expectSessionError("INVALID_REQUEST");
    JsonNode welcome = NODE.connect().hello(TestNode.ALICE, "subscribe");
    assertThat(welcome.path("payload").path("capabilities").path("features").toString()).contains("\"subscribe\"");
  }
}
