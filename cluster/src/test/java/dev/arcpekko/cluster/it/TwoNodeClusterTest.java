package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.runtime.job.JobEntity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two actor systems in one JVM form a cluster over a shared journal: a session opened on node A
 * runs jobs whose entities live on node B, and A's client sees them end to end.
 */
class TwoNodeClusterTest {
  @TempDir
  Path dataDir;

  static void awaitMembersUp(TestNode node, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      long up = StreamSupport.stream(Cluster.get(node.system).state().getMembers().spliterator(), false)
          .filter(member -> member.status() == MemberStatus.up()).count();
      if (up == count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("cluster did not reach " + count + " members");
  }

  /** Two nodes on one journal, both seeing the cluster of two up; closed in reverse order. */
  private record TwoNodes(TestNode a, TestNode b) implements AutoCloseable {
    static TwoNodes start(Path dataDir) throws Exception {
      TestNode a = TestNode.start(dataDir, "");
      TestNode b = TestNode.join(a, dataDir, "");
      awaitMembersUp(a, 2);
      awaitMembersUp(b, 2);
      return new TwoNodes(a, b);
    }

    @Override
    public void close() throws Exception {
      try {
        b.close();
      } finally {
        a.close();
      }
    }
  }

  private static Set<String> jobEntitiesOn(TestNode node) throws Exception {
    ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(node.system).shardState(),
            replyTo -> new GetShardRegionState(JobEntity.TYPE_KEY, replyTo),
            Duration.ofSeconds(10), node.system.scheduler())
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
    Set<String> ids = new HashSet<>();
    state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
    return ids;
  }

  @Test
  void aSessionOnNodeARunsAndCancelsJobsWhoseEntitiesLiveOnNodeB() throws Exception {
    try (TwoNodes nodes = TwoNodes.start(dataDir);
        WireClient client = nodes.a().connect()) {
      TestNode nodeA = nodes.a();
      TestNode nodeB = nodes.b();
      client.hello(TestNode.ALICE);
      List<String> jobIds = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        client.submit("sleeper", WireClient.JSON.readTree("{}"));
        JsonNode accepted = client.next();
        assertThat(accepted.path("type").asText()).isEqualTo("job.accepted");
        jobIds.add(accepted.path("job_id").asText());
        JsonNode running = client.next();
        assertThat(running.path("job_id").asText()).isEqualTo(accepted.path("job_id").asText());
      }
      Set<String> onB = jobEntitiesOn(nodeB);
      List<String> remote = jobIds.stream().filter(onB::contains).toList();
      assertThat(remote).as("jobs whose entity lives on node B").isNotEmpty();
      assertThat(jobEntitiesOn(nodeA)).doesNotContainAnyElementsOf(remote);

      String jobId = remote.get(0);
      client.cancel(jobId, "stop");
      JsonNode cancelled = client.next();
      assertThat(cancelled.path("type").asText()).isEqualTo("job.cancelled");
      assertThat(cancelled.path("job_id").asText()).isEqualTo(jobId);
      JsonNode error = client.next();
      assertThat(error.path("job_id").asText()).isEqualTo(jobId);
      assertThat(error.path("payload").path("final_status").asText()).isEqualTo("cancelled");
    }
  }

  /**
   * Parents and children whose entities live on different nodes: the delegation, the child's
   * acceptance, and the parent's end cancelling its child all cross the cluster.
   */
  @Test
  void aParentEndingOnOneNodeCancelsItsChildOnTheOther() throws Exception {
    try (TwoNodes nodes = TwoNodes.start(dataDir);
        WireClient client = nodes.a().connect()) {
      TestNode nodeA = nodes.a();
      TestNode nodeB = nodes.b();
      client.hello(TestNode.ALICE);
      Map<String, String> childOf = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        ObjectNode submit = client.envelope("job.submit", WireClient.JSON.readTree(
            "{\"agent\": \"delegator\", \"input\": {\"agent\": \"sleeper\"},"
                + " \"lease_request\": {\"agent.delegate\": [\"sleeper\"]}}"));
        client.sendRaw(submit);
        List<JsonNode> accepted = client.until(frame -> frame.path("type").asText().equals("job.accepted")
            && !frame.path("payload").has("parent_job_id"));
        String parent = accepted.get(accepted.size() - 1).path("job_id").asText();
        List<JsonNode> frames = client.until(frame -> frame.path("type").asText().equals("job.accepted")
            && frame.path("payload").path("parent_job_id").asText().equals(parent));
        childOf.put(parent, frames.get(frames.size() - 1).path("job_id").asText());
      }
      Set<String> onA = jobEntitiesOn(nodeA);
      Set<String> onB = jobEntitiesOn(nodeB);
      assertThat(childOf.entrySet()).as("a parent and its child on different nodes").anySatisfy(pair ->
          assertThat(onA.contains(pair.getKey()) ? onB : onA).contains(pair.getValue()));

      childOf.keySet().forEach(parent -> client.cancel(parent, "stop"));
      Set<String> cancelledChildren = new HashSet<>();
      client.until(frame -> {
        if (childOf.containsValue(frame.path("job_id").asText()) && frame.path("type").asText().equals("job.error")) {
          assertThat(frame.path("payload").path("code").asText()).isEqualTo("CANCELLED");
          cancelledChildren.add(frame.path("job_id").asText());
        }
        return cancelledChildren.size() == childOf.size();
      });
      assertThat(cancelledChildren).containsExactlyInAnyOrderElementsOf(childOf.values());
    }
  }
}
