package dev.arcpekko.cluster.it;

import static dev.arcpekko.cluster.it.JobPages.filter;
import static dev.arcpekko.cluster.it.JobPages.ids;
import static dev.arcpekko.cluster.it.JobPages.page;
import static dev.arcpekko.cluster.it.JobPages.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.runtime.listing.JobIndexWriter;
import dev.arcpekko.runtime.listing.JobListing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code session.list_jobs} → {@code session.jobs} over a real socket: scope (own jobs across
 * sessions, observers), filters, limits, keyset pages with signed cursors, refusals in both
 * clients' forms, and {@code last_event_seq} in the owner's seq space.
 */
class JobListingTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("""
      arcp.observers { all = [dashboard], allow { carol = [alice] } }
      """);

  /** Only jobs created by this test are listed by filters starting here. */
  private Instant testStart;

  @BeforeEach
  void startClock() {
    testStart = Instant.now().minusMillis(1);
  }

  private WireClient session(String token) throws Exception {
    WireClient client = NODE.connect();
    client.hello(token, "list_jobs", "ack", "agent_versions");
    return client;
  }

  private ObjectNode sinceTestStart() {
    return filter().put("created_after", testStart.toString());
  }

  private static String submit(WireClient client, String agent, String input) {
    client.submit(agent, WireClient.json(input));
    return client.expect("job.accepted").path("job_id").asText();
  }

  /** Waits for {@code jobId}'s running status event. */
  private static void untilRunning(WireClient client, String jobId) {
    client.until(frame -> jobId.equals(frame.path("job_id").asText())
        && frame.path("payload").path("body").path("phase").asText().equals("running"));
  }

  /** Rows of a made-up owner and agent, stored through the node's own index writer. */
  private static List<String> load(String owner, String agentName, int count) throws Exception {
    JobListing listing = NODE.node().runtime.services().listing();
    String batch = UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String jobId = String.format("job_%s_%05d", batch, i);
      ids.add(jobId);
      listing.writer().tell(new JobIndexWriter.Upsert(JobPages.row(jobId, owner, agentName, now), Optional.empty()));
    }
    listing.flushed().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return ids;
  }

  @Test
  void ownJobsOfEverySessionAreListedRunningAndTerminalWithTheirDetails() throws Exception {
    WireClient first = session(TestNode.ALICE);
    JsonNode echoResult = first.runEcho(WireClient.json("{\"n\":1}"));
    String finished = echoResult.path("job_id").asText();
    WireClient second = session(TestNode.ALICE);
    String running = submit(second, "sleeper", "null");
    untilRunning(second, running);

    List<JsonNode> listed = JobPages.all(session(TestNode.ALICE), sinceTestStart(), 0);

    assertThat(ids(listed)).containsExactly(running, finished);
    JsonNode sleeper = listed.get(0);
    assertThat(sleeper.path("status").asText()).isEqualTo("running");
    assertThat(sleeper.path("agent").asText()).isEqualTo("sleeper@1.0.0");
    JsonNode echo = listed.get(1);
    assertThat(echo.path("status").asText()).isEqualTo("success");
    assertThat(echo.path("agent").asText()).isEqualTo("echo@2.0.0");
    assertThat(echo.path("lease").isObject()).isTrue();
    assertThat(echo.has("parent_job_id")).isTrue();
    assertThat(echo.path("parent_job_id").isNull()).isTrue();
    assertThat(echo.path("trace_id").asText()).isEqualTo(echoResult.path("trace_id").asText());
    assertThat(Instant.parse(echo.path("created_at").asText())).isAfter(testStart);
    second.cancel(running, null);
  }

  @Test
  void anotherPrincipalsJobsNeverAppear() throws Exception {
    WireClient alice = session(TestNode.ALICE);
    String alicesJob = alice.runEcho(WireClient.json("1")).path("job_id").asText();
    WireClient bob = session(TestNode.BOB);
    String bobsJob = bob.runEcho(WireClient.json("2")).path("job_id").asText();

    assertThat(ids(JobPages.all(alice, sinceTestStart(), 0))).contains(alicesJob).doesNotContain(bobsJob);
    assertThat(ids(JobPages.all(bob, sinceTestStart(), 0))).contains(bobsJob).doesNotContain(alicesJob);
  }

  @Test
  void observersSeeExactlyTheOwnersThePolicyNames() throws Exception {
    String alicesJob = session(TestNode.ALICE).runEcho(WireClient.json("1")).path("job_id").asText();
    String bobsJob = session(TestNode.BOB).runEcho(WireClient.json("2")).path("job_id").asText();

    assertThat(ids(JobPages.all(session(TestNode.DASHBOARD), sinceTestStart(), 0)))
        .contains(alicesJob, bobsJob);
    assertThat(ids(JobPages.all(session(TestNode.CAROL), sinceTestStart(), 0)))
        .contains(alicesJob).doesNotContain(bobsJob);
  }

  @Test
  void theStatusFilterSelectsRunningOrTerminalJobs() throws Exception {
    WireClient alice = session(TestNode.ALICE);
    String finished = alice.runEcho(WireClient.json("1")).path("job_id").asText();
    String running = submit(alice, "sleeper", "null");
    untilRunning(alice, running);

    ObjectNode runningOnly = sinceTestStart();
    runningOnly.putArray("status").add("running").add("pending");
    ObjectNode terminalOnly = sinceTestStart();
    terminalOnly.putArray("status").add("success").add("error");

    assertThat(ids(JobPages.all(alice, runningOnly, 0))).containsExactly(running);
    assertThat(ids(JobPages.all(alice, terminalOnly, 0))).containsExactly(finished);
    alice.cancel(running, null);
  }

  @Test
  void aBareAgentNameMatchesEveryVersionAndNameAtVersionExactlyOne() throws Exception {
    WireClient alice = session(TestNode.ALICE);
    alice.submit("echo@1.0.0", WireClient.json("1"));
    String v1 = alice.expect("job.accepted").path("job_id").asText();
    alice.untilTerminal(v1);
    String v2 = alice.runEcho(WireClient.json("2")).path("job_id").asText();
    String other = submit(alice, "sleeper", "{\"ms\":0}");
    alice.untilTerminal(other);

    assertThat(ids(JobPages.all(alice, sinceTestStart().put("agent", "echo"), 0))).containsExactly(v2, v1);
    assertThat(ids(JobPages.all(alice, sinceTestStart().put("agent", "echo@1.0.0"), 0))).containsExactly(v1);
    assertThat(ids(JobPages.all(alice, sinceTestStart().put("agent", "sleeper@1.0.0"), 0))).containsExactly(other);
  }

  @Test
  void createdAfterAndCreatedBeforeAreExclusiveBounds() throws Exception {
    WireClient alice = session(TestNode.ALICE);
    String early = alice.runEcho(WireClient.json("1")).path("job_id").asText();
    String middle = alice.runEcho(WireClient.json("2")).path("job_id").asText();
    String late = alice.runEcho(WireClient.json("3")).path("job_id").asText();
    List<JsonNode> all = JobPages.all(alice, sinceTestStart(), 0);
    assertThat(ids(all)).containsExactly(late, middle, early);
    String earlyAt = all.get(2).path("created_at").asText();
    String lateAt = all.get(0).path("created_at").asText();

    ObjectNode between = filter().put("created_after", earlyAt).put("created_before", lateAt);
    assertThat(ids(JobPages.all(alice, between, 0))).containsExactly(middle);
    assertThat(ids(JobPages.all(alice, filter().put("created_after", lateAt), 0))).doesNotContain(late, middle, early);
    assertThat(ids(JobPages.all(alice, sinceTestStart().put("created_before", lateAt), 0)))
        .containsExactly(middle, early);
  }

  @Test
  void pagesFollowTheirCursorsNewestFirstWithoutDuplicatesOrGapsAndEndWithANullCursor() throws Exception {
    List<String> loaded = load("alice", "paged", 7);
    WireClient alice = session(TestNode.ALICE);
    ObjectNode paged = filter().put("agent", "paged");

    JsonNode first = page(alice, request(paged, 3, null));
    JsonNode second = page(alice, request(paged, 3, first.path("next_cursor").asText()));
    JsonNode third = page(alice, request(paged, 3, second.path("next_cursor").asText()));

    List<String> expected = loaded.stream().sorted(Comparator.reverseOrder()).toList();
    assertThat(ids(first.path("jobs"))).containsExactlyElementsOf(expected.subList(0, 3));
    assertThat(ids(second.path("jobs"))).containsExactlyElementsOf(expected.subList(3, 6));
    assertThat(ids(third.path("jobs"))).containsExactlyElementsOf(expected.subList(6, 7));
    assertThat(first.path("next_cursor").isTextual()).isTrue();
    assertThat(third.path("next_cursor").isNull()).isTrue();
  }

  @Test
  void theLimitDefaultsToOneHundredAndIsCappedAtTheConfiguredMaximum() throws Exception {
    load("dave", "bulk", 1_100);
    WireClient dashboard = session(TestNode.DASHBOARD);
    ObjectNode bulk = filter().put("agent", "bulk");

    assertThat(page(dashboard, request(bulk, 0, null)).path("jobs")).hasSize(JobListing.DEFAULT_LIMIT);
    JsonNode capped = page(dashboard, request(bulk, 100_000, null));
    assertThat(capped.path("jobs")).hasSize(1000);
    assertThat(capped.path("next_cursor").isTextual()).isTrue();
  }

  @Test
  void aLastPageThatIsExactlyFullHasANullCursor() throws Exception {
    load("alice", "exact", 4);
    JsonNode page = page(session(TestNode.ALICE), request(filter().put("agent", "exact"), 4, null));

    assertThat(page.path("jobs")).hasSize(4);
    assertThat(page.path("next_cursor").isNull()).isTrue();
  }

  @Test
  void aTamperedCursorIsRefusedInBothClientsForms() throws Exception {
    load("alice", "tamper", 3);
    WireClient alice = session(TestNode.ALICE);
    ObjectNode tamper = filter().put("agent", "tamper");
    String cursor = page(alice, request(tamper, 1, null)).path("next_cursor").asText();
    String tampered = cursor.substring(0, cursor.length() - 1) + (cursor.endsWith("A") ? "B" : "A");

    String requestId = alice.sendRaw(alice.envelope("session.list_jobs", request(tamper, 1, tampered)));

    expectRefusedInBothForms(alice, requestId, "INVALID_REQUEST");
  }

  @Test
  void aCursorIsBoundToThePrincipalItWasIssuedTo() throws Exception {
    load("alice", "bound", 3);
    ObjectNode bound = filter().put("agent", "bound");
    String alicesCursor = page(session(TestNode.ALICE), request(bound, 1, null)).path("next_cursor").asText();
    WireClient bob = session(TestNode.BOB);

    String requestId = bob.sendRaw(bob.envelope("session.list_jobs", request(bound, 1, alicesCursor)));

    expectRefusedInBothForms(bob, requestId, "INVALID_REQUEST");
    assertThat(page(bob, request(bound, 10, null)).path("jobs")).isEmpty();
  }

  @Test
  void listingWithoutTheNegotiatedFeatureIsRefused() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE, "ack");

    String requestId = client.sendRaw(client.envelope("session.list_jobs", request(null, 0, null)));

    expectRefusedInBothForms(client, requestId, "INVALID_REQUEST");
  }

  @Test
  void aMalformedListIsRefusedInBothClientsForms() throws Exception {
    WireClient alice = session(TestNode.ALICE);

    String requestId = alice.sendRaw(alice.envelope("session.list_jobs", request(null, 0, null).put("limit", 0)));

    expectRefusedInBothForms(alice, requestId, "INVALID_REQUEST");
  }

  @Test
  void lastEventSeqIsTheOwnerSessionsSeqOfTheJobsLastFrame() throws Exception {
    WireClient alice = session(TestNode.ALICE);
    alice.runEcho(WireClient.json("1"));
    String ticker = submit(alice, "ticker", "{\"count\":3,\"interval_ms\":10}");
    List<JsonNode> frames = alice.untilTerminal(ticker);
    long terminalSeq = frames.get(frames.size() - 1).path("event_seq").asLong();
    String echo = alice.runEcho(WireClient.json("2")).path("job_id").asText();

    List<JsonNode> listed = JobPages.all(session(TestNode.ALICE), sinceTestStart(), 0);

    JsonNode tickerEntry = listed.stream().filter(e -> e.path("job_id").asText().equals(ticker)).findFirst()
        .orElseThrow();
    // Stamped after the echo's frames: the owner session's seq, beyond the ticker's own frame count.
    assertThat(terminalSeq).isGreaterThan(frames.size());
    assertThat(tickerEntry.path("last_event_seq").asLong()).isEqualTo(terminalSeq);
    assertThat(listed.stream().filter(e -> e.path("job_id").asText().equals(echo)).findFirst().orElseThrow()
        .path("last_event_seq").asLong()).isGreaterThan(terminalSeq);
  }

  /** A {@code session.error} (TypeScript) and a jobless {@code job.error} echoing the request (Java). */
  private static void expectRefusedInBothForms(WireClient client, String requestId, String code) {
    client.expectSessionError(code);
    JsonNode echoing = client.expect("job.error");
    assertThat(echoing.has("job_id")).isFalse();
    assertThat(echoing.path("id").asText()).isEqualTo(requestId);
    assertThat(echoing.path("payload").path("code").asText()).isEqualTo(code);
    assertThat(echoing.path("event_seq").asLong()).isPositive();
  }
}
