package dev.arcpekko.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Feature flags of spec 1.1 §6.2 and their negotiation by intersection. */
class FeatureTest {

  @Test
  void thereAreElevenV11FeatureFlags() {
    assertThat(Arrays.stream(Feature.values()).map(Feature::wire)).containsExactly(
        "heartbeat", "ack", "list_jobs", "subscribe", "lease_expires_at", "cost.budget", "model.use",
        "provisioned_credentials", "progress", "result_chunk", "agent_versions");
  }

  @Test
  void unknownFeatureNamesAreIgnored() {
    assertThat(Feature.parseAll(List.of("heartbeat", "x-acme.teleport", "", "ack")))
        .containsExactlyInAnyOrder(Feature.HEARTBEAT, Feature.ACK);
  }

  @Test
  void theEffectiveSetIsTheIntersection() {
    Set<Feature> client = EnumSet.of(Feature.HEARTBEAT, Feature.ACK, Feature.PROGRESS);
    Set<Feature> runtime = EnumSet.of(Feature.ACK, Feature.PROGRESS, Feature.SUBSCRIBE);

    assertThat(Feature.intersect(client, runtime)).containsExactlyInAnyOrder(Feature.ACK, Feature.PROGRESS);
    assertThat(Feature.intersect(Set.of(), runtime)).isEmpty();
  }

  @Test
  void wireNamesAreWrittenInDeclarationOrder() {
    assertThat(Feature.wireNames(Set.of(Feature.AGENT_VERSIONS, Feature.HEARTBEAT, Feature.ACK)))
        .containsExactly("heartbeat", "ack", "agent_versions");
  }
}
