package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotency keys: scoped by principal, same parameters → same job, different → DUPLICATE_KEY. */
class IdempotencyTest {
  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");

  private static ObjectNode sleeperWithKey(String key, long ms) {
    ObjectNode payload = WireClient.JSON.createObjectNode().put("agent", "sleeper").put("idempotency_key", key);
    payload.putObject("input").put("ms", ms);
    return payload;
  }

  @Test
  void theSameKeyAndParametersReturnTheIdenticalAcceptanceFromAnySessionOfThePrincipal() throws Exception {
    String key = UUID.randomUUID().toString();
    try (WireClient first = NODE.connect(); WireClient second = NODE.connect()) {
      first.hello(TestNode.ALICE);
      second.hello(TestNode.ALICE);
      first.sendRaw(first.envelope("job.submit", sleeperWithKey(key, 60_000)));
      JsonNode accepted = first.next();
      second.sendRaw(second.envelope("job.submit", sleeperWithKey(key, 60_000)));
      JsonNode again = second.next();
      assertThat(again.path("type").asText()).isEqualTo("job.accepted");
      assertThat(again.path("job_id").asText()).isEqualTo(accepted.path("job_id").asText());
      assertThat(again.path("payload")).isEqualTo(accepted.path("payload"));
      assertThat(second.staysQuiet(Duration.ofMillis(300))).as("no terminal replay for a running job").isTrue();
    }
  }

  @Test
  void theSameKeyWithOtherParametersIsADuplicateKeyOnAFreshJobId() throws Exception {
    String key = UUID.randomUUID().toString();
    try (WireClient client = NODE.connect()) {
      client.hello(TestNode.ALICE);
      client.sendRaw(client.envelope("job.submit", sleeperWithKey(key, 60_000)));
      String existing = client.next().path("job_id").asText();
      client.next();
      String submitId = client.sendRaw(client.envelope("job.submit", sleeperWithKey(key, 1)));
      JsonNode withJob = client.next();
      JsonNode echoing = client.next();
      assertThat(withJob.path("payload").path("code").asText()).isEqualTo("DUPLICATE_KEY");
      assertThat(withJob.path("job_id").asText()).startsWith("job_").isNotEqualTo(existing);
      assertThat(withJob.path("payload").path("details").path("existing_job_id").asText()).isEqualTo(existing);
      assertThat(echoing.path("id").asText()).isEqualTo(submitId);
      assertThat(echoing.path("payload").path("code").asText()).isEqualTo("DUPLICATE_KEY");
    }
  }

  @Test
  void keysAreScopedByPrincipal() throws Exception {
    String key = UUID.randomUUID().toString();
    try (WireClient alice = NODE.connect(); WireClient bob = NODE.connect()) {
      alice.hello(TestNode.ALICE);
      bob.hello(TestNode.BOB);
      alice.sendRaw(alice.envelope("job.submit", sleeperWithKey(key, 60_000)));
      bob.sendRaw(bob.envelope("job.submit", sleeperWithKey(key, 60_000)));
      JsonNode alicesJob = alice.next();
      JsonNode bobsJob = bob.next();
      assertThat(bobsJob.path("type").asText()).isEqualTo("job.accepted");
      assertThat(bobsJob.path("job_id").asText()).isNotEqualTo(alicesJob.path("job_id").asText());
    }
  }

  @Test
  void aBareNameAndItsResolvedVersionAreTheSameSubmit() throws Exception {
    String key = UUID.randomUUID().toString();
    try (WireClient client = NODE.connect()) {
      client.hello(TestNode.ALICE);
      ObjectNode bare = WireClient.JSON.createObjectNode().put("agent", "echo").put("idempotency_key", key);
      client.sendRaw(client.envelope("job.submit", bare));
      JsonNode accepted = client.next();
      client.untilTerminal(accepted.path("job_id").asText());
      ObjectNode pinned = bare.deepCopy().put("agent", "echo@2.0.0");
      client.sendRaw(client.envelope("job.submit", pinned));
      assertThat(client.next().path("job_id").asText()).isEqualTo(accepted.path("job_id").asText());
      assertThat(client.next().path("type").asText()).as("terminal event replayed").isEqualTo("job.result");
    }
  }
}
