package dev.arcpekko.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.arcpekko.runtime.credentials.CredentialLedger;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Job events and states journaled before delegation keys existed still read, through the node's
 * own serializer, as "no key" and "no delegations": journals outlive the code that wrote them.
 */
class JournalCompatibilityTest {
  private static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.load());
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(TESTKIT.system()));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JobRecord CHILD = JobRecord.submitted("job_child", "sess_1", "alice", "echo", "1.0.0",
      JsonNodeFactory.instance.nullNode(), Map.of(), Optional.empty(), Optional.empty(),
      Instant.parse("2026-12-01T00:00:00Z"), "0123456789abcdef0123456789abcdef", List.of());

  @AfterAll
  static void stop() {
    TESTKIT.shutdownTestKit();
  }

  /** {@code current} as the journal holds it, less {@code fields}, read back: an older journal's entry. */
  @SuppressWarnings("unchecked")
  private static <T> T writtenWithout(T current, String... fields) throws Exception {
    Serializer serializer = SERIALIZATION.findSerializerFor(current);
    ObjectNode stored = (ObjectNode) JSON.readTree(new String(serializer.toBinary(current), StandardCharsets.UTF_8));
    stored.remove(List.of(fields));
    byte[] older = JSON.writeValueAsBytes(stored);
    return (T) SERIALIZATION.deserialize(older, serializer.identifier(), current.getClass().getName()).get();
  }

  @Test
  void aCheckpointWithoutItsDelegateCountCountsNone() throws Exception {
    JobEntity.CheckpointSaved older = writtenWithout(
        new JobEntity.CheckpointSaved(JsonNodeFactory.instance.objectNode().put("tick", 3), 2), "delegateCalls");

    assertThat(older.delegateCalls()).isZero();
    assertThat(older.state().path("tick").asInt()).isEqualTo(3);
  }

  @Test
  void aDelegationWithoutAKeyIsKeptOutOfTheLog() throws Exception {
    JobEntity.ChildDelegated older = writtenWithout(new JobEntity.ChildDelegated(CHILD, "#0", "fp"),
        "key", "fingerprint");

    assertThat(older.child()).isEqualTo(CHILD);
    assertThat(older.key()).isNull();
  }

  @Test
  void aRunningStateWithoutDelegationsHasNone() throws Exception {
    JobEntity.Running current = new JobEntity.Running(CHILD, 4, Optional.empty(), 0, false, Optional.empty(),
        Set.of(), Map.of("USD", BigDecimal.ONE), Map.of(), CredentialLedger.NONE,
        DelegationLog.NONE.with("#0", new DelegationLog.Entry("job_x", "del_x", "fp")));

    JobEntity.Running older = writtenWithout(current, "delegations");

    assertThat(older.delegations()).isEqualTo(DelegationLog.NONE);
    assertThat(older.lastJobSeq()).isEqualTo(4);
  }
}
