package dev.arcpekko.cluster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reports the SHA-256 of each credential value its {@link JobContext} holds (never a value: the
 * result is journaled). {@code input.until_rotated = true} waits (up to 20 s) until a value changes
 * and reports the hashes before and after; {@code input.sleep_ms} then waits; {@code input.fail =
 * true} then fails the job.
 */
final class CredentialProbe extends SingleVersionAgent {

  CredentialProbe() {
    super("credential-probe", "1.0.0");
  }

  /** The hex SHA-256 of {@code value}, as this agent reports it. */
  static String hash(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    List<Credential> first = context.credentials();
    first.forEach(credential -> result.withArray("seen").add(hash(credential.value())));
    if (context.input().path("until_rotated").asBoolean()) {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (context.credentials().equals(first) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      context.credentials().forEach(credential -> result.withArray("after").add(hash(credential.value())));
    }
    Thread.sleep(context.input().path("sleep_ms").asLong(0));
    if (context.input().path("fail").asBoolean()) {
      throw new AgentFailure(ErrorPayload.of(ErrorCode.INTERNAL_ERROR, "failing on purpose"));
    }
    return result;
  }
}
