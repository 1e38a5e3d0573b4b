package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation as a durability concern (spec 1.1 §9.8.2, §14): transient failures are retried with a
 * doubling back-off, across a restart of the node, and a permanent failure is reported to operators
 * without the secret.
 */
class CredentialRevocationTest {
  private static final String RETRY = """
      arcp.credentials.revocation-retry { initial = 200ms, max = 800ms }
      arcp.recovery-sweep-interval = 1s
      """;

  @TempDir
  Path dataDir;
  @RegisterExtension
  final LogCapture logs = LogCapture.everything();

  /** Runs the probe to its end on {@code node}; returns the credential of its job.accepted. */
  private static JsonNode runJob(TestNode node) throws Exception {
    try (WireClient alice = node.connect()) {
      alice.hello(TestNode.ALICE, "provisioned_credentials");
      JsonNode accepted = CredentialsTest.submit(alice, CredentialsTest.probe("{}"));
      List<JsonNode> frames = alice.untilTerminal(accepted.path("job_id").asText());
      assertThat(frames.get(frames.size() - 1).path("type").asText()).isEqualTo("job.result");
      return accepted.path("payload").path("credentials").get(0);
    }
  }

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Test
  void transientRevocationFailuresAreRetriedWithADoublingBackOff() throws Exception {
    FlakyProvisioner provisioner = new FlakyProvisioner();
    provisioner.transientFailures.set(3);
    try (TestNode node = TestNode.start(dataDir, RETRY, provisioner)) {
      JsonNode credential = runJob(node);
      String label = credential.path("id").asText() + "#1";

      assertThat(eventually(() -> provisioner.revoked.contains(label))).isTrue();
      List<Instant> attempts = provisioner.attempts;
      assertThat(attempts).hasSize(4);
      assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(190));
      assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(390));
      assertThat(Duration.between(attempts.get(2), attempts.get(3))).isGreaterThanOrEqualTo(Duration.ofMillis(790));
      assertThat(eventually(() -> logs.lines().stream()
          .anyMatch(line -> line.contains("action=credential_revoked") && line.contains(label)))).isTrue();
      assertThat(logs.lines()).noneMatch(line -> line.contains(credential.path("value").asText()));
    }
  }

  @Test
  void revocationsAreNotHeldUpByAgentsOccupyingEveryAgentThread() throws Exception {
    FlakyProvisioner provisioner = new FlakyProvisioner();
    provisioner.transientFailures.set(Integer.MAX_VALUE);
    try (TestNode node = TestNode.start(dataDir,
        RETRY + "arcp.agent-dispatcher.thread-pool-executor.fixed-pool-size = 2", provisioner);
        WireClient bob = node.connect()) {
      String label = runJob(node).path("id").asText() + "#1";
      // Both agent threads block for 20 s, each after its first event.
      bob.hello(TestNode.BOB);
      for (int i = 0; i < 2; i++) {
        bob.submit("chatty", WireClient.JSON.readTree("{\"count\": 2, \"interval_ms\": 20000}"));
        String jobId = bob.expect("job.accepted").path("job_id").asText();
        bob.until(frame -> frame.path("job_id").asText().equals(jobId)
            && frame.path("payload").path("body").path("message").asText().equals("line 1"));
      }
      provisioner.transientFailures.set(0);

      assertThat(eventually(() -> provisioner.revoked.contains(label))).isTrue();
      assertThat(bob.staysQuiet(Duration.ZERO)).as("the agents are still blocked").isTrue();
      assertThat(provisioner.threads).isNotEmpty().allMatch(thread -> thread.contains("credentials-dispatcher"));
    }
  }

  @Test
  void revocationRetriedAfterARestart() throws Exception {
    FlakyProvisioner failing = new FlakyProvisioner();
    failing.transientFailures.set(Integer.MAX_VALUE);
    String label;
    try (TestNode node = TestNode.start(dataDir, RETRY, failing)) {
      label = runJob(node).path("id").asText() + "#1";
      assertThat(eventually(() -> failing.attempts.size() >= 2)).isTrue();
    }
    assertThat(failing.revoked).isEmpty();

    FlakyProvisioner working = new FlakyProvisioner();
    try (TestNode restarted = TestNode.start(dataDir, RETRY, working)) {
      assertThat(eventually(() -> working.revoked.contains(label))).isTrue();
    }
  }

  @Test
  void aPermanentRevocationFailureIsLoggedForOperatorsWithoutTheSecret() throws Exception {
    FlakyProvisioner provisioner = new FlakyProvisioner();
    provisioner.failPermanently = true;
    try (TestNode node = TestNode.start(dataDir, RETRY, provisioner)) {
      JsonNode credential = runJob(node);
      String id = credential.path("id").asText();

      assertThat(eventually(() -> logs.events().stream().anyMatch(event -> event.getLevel() == Level.ERROR
          && event.getFormattedMessage().contains("action=credential_unrevocable")
          && event.getFormattedMessage().contains(id + "#1")))).isTrue();
      Thread.sleep(1000);
      assertThat(provisioner.attempts).hasSize(1);
      assertThat(provisioner.revoked).isEmpty();
      assertThat(logs.lines()).noneMatch(line -> line.contains(credential.path("value").asText()));
    }
  }
}
