package dev.arcpekko.cluster.it;

import dev.arcpekko.cluster.ArcpNode;
import dev.arcpekko.cluster.RunningNode;
import dev.arcpekko.cluster.config.NodeConfiguration;
import dev.arcpekko.cluster.config.NodeOptions;
import dev.arcpekko.runtime.ArcpRuntime;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.examples.ExampleAgents;
import dev.arcpekko.runtime.credentials.CredentialProvisioner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A real node ({@link ArcpNode}: our journal schema, the H2 file journal in {@code dataDir}, a
 * cluster member, WebSocket on a random port) started in this JVM, with the example agents plus
 * {@link TestAgents} and {@link CredentialProbe}, and two principals.
 */
final class TestNode implements AutoCloseable {
  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";
  static final String CAROL = "carol-token";
  /** A principal tests may configure as an observer ({@code arcp.observers}). */
  static final String DASHBOARD = "dashboard-token";
  private static final String TEST_DEFAULTS = """
      pekko.loglevel = WARNING
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      """;

  private final RunningNode running;
  final ActorSystem<Void> system;
  final ArcpRuntime runtime;
  final URI uri;

  private TestNode(RunningNode running) {
    this.running = running;
    this.system = running.system();
    this.runtime = running.runtime();
    this.uri = URI.create("ws://127.0.0.1:" + running.port() + "/arcp");
  }

  static TestNode start(Path dataDir, String overrides) throws Exception {
    return start(dataDir, overrides, Map.of(), Optional.empty());
  }

  /** A node whose jobs get their credentials from {@code provisioner}. */
  static TestNode start(Path dataDir, String overrides, CredentialProvisioner provisioner) throws Exception {
    return start(dataDir, overrides, Map.of(), Optional.of(provisioner));
  }

  /** A second node on the same journal that joins {@code seed}'s cluster. */
  static TestNode join(TestNode seed, Path dataDir, String overrides) throws Exception {
    String address = Cluster.get(seed.system).selfMember().address().toString();
    return start(dataDir, overrides, Map.of("ARCP_SEED_NODES", address), Optional.empty());
  }

  private static TestNode start(Path dataDir, String overrides, Map<String, String> extraEnvironment,
      Optional<CredentialProvisioner> provisioner) throws Exception {
    Files.createDirectories(dataDir);
    Path configFile = dataDir.resolve("test-" + UUID.randomUUID() + ".conf");
    Files.writeString(configFile, TEST_DEFAULTS + overrides + "\n");
    Map<String, String> environment = new HashMap<>(extraEnvironment);
    environment.put("ARCP_TOKENS",
        ALICE + "=alice," + BOB + "=bob," + CAROL + "=carol," + DASHBOARD + "=dashboard");
    NodeConfiguration configuration = NodeConfiguration.resolve(NodeOptions.parse(
        "--port", "0", "--data-dir", dataDir.toString(), "--config", configFile.toString()), environment);
    return new TestNode(ArcpNode.start(configuration, agents(), provisioner));
  }

  private static List<Agent> agents() {
    List<Agent> agents = new ArrayList<>(ExampleAgents.all());
    agents.addAll(TestAgents.all());
    agents.add(new CredentialProbe());
    return agents;
  }

  WireClient connect() throws Exception {
    return WireClient.connect(uri);
  }

  @Override
  public void close() throws Exception {
    running.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
