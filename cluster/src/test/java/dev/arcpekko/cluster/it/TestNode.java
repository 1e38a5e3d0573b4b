package dev.arcpekko.cluster.it;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.arcpekko.runtime.ArcpRuntime;
import dev.arcpekko.runtime.RuntimeSettings;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.agent.examples.ExampleAgents;
import dev.arcpekko.runtime.auth.BearerTokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/** A runtime node started in this JVM on a random port, journaling to an H2 file in {@code dataDir}. */
final class TestNode implements AutoCloseable {
  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";

  final ActorSystem<Void> system;
  final ArcpRuntime runtime;
  final URI uri;

  private TestNode(ActorSystem<Void> system, ArcpRuntime runtime, URI uri) {
    this.system = system;
    this.runtime = runtime;
    this.uri = uri;
  }

  static TestNode start(Path dataDir, String overrides) throws Exception {
    return start(dataDir, overrides, null);
  }

  /** A second node on the same journal that joins {@code seed}'s cluster. */
  static TestNode join(TestNode seed, Path dataDir, String overrides) throws Exception {
    return start(dataDir, overrides, Cluster.get(seed.system).selfMember().address());
  }

  private static TestNode start(Path dataDir, String overrides, Address seed) throws Exception {
    Config config = ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("arcp.test.h2-url = \"jdbc:h2:file:"
            + dataDir.resolve("arcp").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE\""))
        .withFallback(ConfigFactory.parseResources("test-node.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "arcp", config);
    SchemaUtils.createIfNotExists(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(seed == null ? cluster.selfMember().address() : seed));
    ArcpRuntime runtime = ArcpRuntime.start(system, RuntimeSettings.fromConfig(config),
        AgentRegistry.of(agents()), new BearerTokens(Map.of(ALICE, "alice", BOB, "bob")));
    ServerBinding binding = runtime.bindWebSocket("127.0.0.1", 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
    URI uri = URI.create("ws://127.0.0.1:" + binding.localAddress().getPort() + "/arcp");
    return new TestNode(system, runtime, uri);
  }

  private static List<Agent> agents() {
    List<Agent> agents = new ArrayList<>(ExampleAgents.all());
    agents.addAll(TestAgents.all());
    return agents;
  }

  WireClient connect() throws Exception {
    return WireClient.connect(uri);
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
  }
}
