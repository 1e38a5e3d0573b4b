package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.runtime.job.JournalJobProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code arcp.limits.max-concurrent-jobs-per-principal}: jobs that have not ended are counted per
 * principal; a submit beyond the limit is rejected in both clients' forms, and a slot frees when a
 * job ends or is cancelled. Each test uses its own principal.
 */
class JobLimitTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.limits.max-concurrent-jobs-per-principal = 2");

  private static ObjectNode sleeper(String input, String idempotencyKey) {
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", "sleeper");
    payload.set("input", WireClient.json(input));
    if (idempotencyKey != null) {
      payload.put("idempotency_key", idempotencyKey);
    }
    return payload;
  }

  /** Submits a sleeper with {@code input} and returns the accepted job's id. */
  private static String start(WireClient client, String input) {
    client.sendRaw(client.envelope("job.submit", sleeper(input, null)));
    return acceptedJobId(client);
  }

  private static String acceptedJobId(WireClient client) {
    List<JsonNode> frames = client.until(frame -> !frame.path("type").asText().equals("job.event"));
    JsonNode accepted = frames.get(frames.size() - 1);
    assertThat(accepted.path("type").asText()).as("answer to a submit: %s", accepted).isEqualTo("job.accepted");
    return accepted.path("job_id").asText();
  }

  /**
   * Submits a sleeper and asserts the limit's refusal in both forms: a job.error with a fresh job
   * id, then a jobless one echoing the submit's id (job events of running jobs may interleave).
   */
  private static void assertRefused(WireClient client, List<String> runningJobIds) {
    String submitId = client.sendRaw(client.envelope("job.submit", sleeper("{}", null)));
    List<JsonNode> errors = new ArrayList<>();
    while (errors.size() < 2) {
      JsonNode frame = client.next();
      assertThat(frame.path("type").asText()).as("answer to a submit: %s", frame).isIn("job.event", "job.error");
      if (frame.path("type").asText().equals("job.error")) {
        errors.add(frame);
      }
    }
    JsonNode withJob = errors.get(0);
    JsonNode echoing = errors.get(1);
    assertThat(withJob.path("job_id").asText()).startsWith("job_").isNotIn(runningJobIds);
    assertThat(echoing.has("job_id")).isFalse();
    assertThat(echoing.path("id").asText()).isEqualTo(submitId);
    for (JsonNode error : errors) {
      JsonNode payload = error.path("payload");
      assertThat(payload.path("code").asText()).isEqualTo("PERMISSION_DENIED");
      assertThat(payload.path("message").asText()).contains("max_concurrent_jobs_per_principal");
      assertThat(payload.path("retryable").asBoolean()).isTrue();
      assertThat(payload.path("details").path("limit").asText()).isEqualTo("max_concurrent_jobs_per_principal");
      assertThat(payload.path("details").path("max").asInt()).isEqualTo(2);
    }
  }

  @Test
  void aSubmitBeyondTheLimitIsRejectedInBothFormsWhileOtherPrincipalsMaySubmit() throws Exception {
    WireClient alice = NODE.connect();
    alice.hello(TestNode.ALICE);
    List<String> running = List.of(start(alice, "{}"), start(alice, "{}"));

    assertRefused(alice, running);

    WireClient bob = NODE.connect();
    bob.hello(TestNode.BOB);
    assertThat(start(bob, "{}")).startsWith("job_");
  }

  @Test
  void aJobThatEndsOrIsCancelledFreesItsSlot() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.CAROL);
    String longJob = start(client, "{}");
    String shortJob = start(client, "{\"ms\":1500}");
    assertRefused(client, List.of(longJob, shortJob));

    client.untilTerminal(shortJob);
    String next = start(client, "{}");
    assertRefused(client, List.of(longJob, next));

    client.cancel(longJob, "make room");
    client.untilTerminal(longJob);
    assertThat(start(client, "{}")).startsWith("job_").isNotIn(longJob, shortJob, next);
  }

  @Test
  void anIdempotentResubmitOfARunningJobIsAnsweredWithItsAcceptanceAtTheLimit() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.DASHBOARD);
    client.sendRaw(client.envelope("job.submit", sleeper("{}", "first")));
    String first = acceptedJobId(client);
    client.sendRaw(client.envelope("job.submit", sleeper("{}", "second")));
    String second = acceptedJobId(client);

    client.sendRaw(client.envelope("job.submit", sleeper("{}", "first")));

    assertThat(acceptedJobId(client)).isEqualTo(first);
    assertRefused(client, List.of(first, second));
  }

  @Test
  void theLimitsAuditReadsAJobsAcceptanceFromItsJournal() throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.BOB);
    String jobId = client.runEcho(WireClient.json("{}")).path("job_id").asText();
    JournalJobProbe probe = new JournalJobProbe(NODE.node().runtime.services());

    assertThat(probe.wasAccepted(jobId).toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(probe.wasAccepted("job_never_accepted").toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
  }
}
