package dev.arcpekko.cluster;

import dev.arcpekko.cluster.config.ConfigurationException;
import dev.arcpekko.cluster.config.NodeConfiguration;
import dev.arcpekko.cluster.config.NodeOptions;
import dev.arcpekko.cluster.config.NodeSettings;
import dev.arcpekko.cluster.config.UsageException;
import dev.arcpekko.cluster.credentials.JdbcCredentialRevocations;
import dev.arcpekko.cluster.credentials.RevocationPurge;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.cluster.journal.JournalDatabase.Dialect;
import dev.arcpekko.cluster.journal.JournalSchema;
import dev.arcpekko.cluster.listing.JdbcJobIndex;
import dev.arcpekko.runtime.ArcpRuntime;
import dev.arcpekko.runtime.RuntimeSettings;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.credentials.CredentialProvisioner;
import dev.arcpekko.runtime.credentials.CredentialProvisioning;
import dev.arcpekko.runtime.credentials.CredentialSettings;
import dev.arcpekko.runtime.credentials.HmacCredentialProvisioner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an ARCP node: resolves its configuration, refuses to run without a bearer token, prepares
 * the journal, starts a cluster member (itself, or joining seed nodes), starts the runtime and
 * serves ARCP over WebSocket or stdio until Pekko's coordinated shutdown stops it (SIGTERM,
 * Ctrl-C, end of stdin, or removal from the cluster).
 *
 * <p>{@link #start} and {@link #startStdio} start a node in-process, as integration tests do.
 */
public final class ArcpNode {
  private static final Logger log = LoggerFactory.getLogger(ArcpNode.class);

  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 1;
  static final int EXIT_CONFIGURATION = 2;

  private ArcpNode() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.in, System.out, System.err));
  }

  /**
   * Runs a node until it stops and returns the process exit status: 0 when it was asked to stop,
   * 1 when it failed or the cluster removed it, 2 when the command line or the configuration is
   * unusable (including when no token is configured).
   */
  static int run(String[] args, Map<String, String> environment, InputStream in, PrintStream out,
      PrintStream err) {
    NodeConfiguration configuration;
    try {
      NodeOptions options = NodeOptions.parse(args);
      if (options.help()) {
        out.print(NodeOptions.usage());
        return EXIT_OK;
      }
      configuration = NodeConfiguration.resolve(options, environment);
    } catch (UsageException e) {
      err.println("arcp-runtime: " + e.getMessage());
      err.println();
      err.print(NodeOptions.usage());
      return EXIT_CONFIGURATION;
    } catch (ConfigurationException e) {
      err.println("arcp-runtime: " + e.getMessage());
      return EXIT_CONFIGURATION;
    }
    try {
      RunningNode node = configuration.node().stdio()
          ? startStdio(configuration, NodeAgents.bundled(), in, out)
          : start(configuration, NodeAgents.bundled());
      node.system().getWhenTerminated().toCompletableFuture().join();
      return removedByCluster(CoordinatedShutdown.get(node.system()).getShutdownReason())
          ? EXIT_FAILURE
          : EXIT_OK;
    } catch (RuntimeException e) {
      log.error("ARCP node failed", e);
      return EXIT_FAILURE;
    }
  }

  /**
   * Starts a node serving ARCP over WebSocket and returns once it listens; unbinding is part of
   * the node's coordinated shutdown.
   *
   * @throws RuntimeException if the journal, the cluster, the runtime or the bind fails; the
   *     actor system is then terminated
   */
  public static RunningNode start(NodeConfiguration configuration, List<? extends Agent> agents) {
    return start(configuration, agents, Optional.empty());
  }

  /**
   * Like {@link #start(NodeConfiguration, List)}, with {@code provisioner} (when given) instead of
   * the one {@code arcp.credentials.provisioner} names.
   */
  public static RunningNode start(NodeConfiguration configuration, List<? extends Agent> agents,
      Optional<CredentialProvisioner> provisioner) {
    NodeSettings node = configuration.node();
    return boot(configuration, agents, provisioner, (system, runtime) -> {
      ServerBinding binding;
      try {
        binding = runtime.bindWebSocket(node.host(), node.port()).toCompletableFuture().join();
      } catch (CompletionException e) {
        throw new IllegalStateException(
            "cannot listen on " + node.host() + ":" + node.port() + ": " + e.getCause(), e.getCause());
      }
      binding.addToCoordinatedShutdown(requestsDoneDeadline(system), system);
      log.info("ARCP runtime listening on ws://{}:{}{} ({})", node.host(),
          binding.localAddress().getPort(),
          RuntimeSettings.fromConfig(configuration.config()).websocketPath(),
          storage(configuration));
      return new RunningNode(system, runtime, Optional.of(binding.localAddress()));
    });
  }

  /**
   * Starts a node speaking ARCP on {@code in} and {@code out}; the node stops when {@code in}
   * ends.
   */
  public static RunningNode startStdio(NodeConfiguration configuration,
      List<? extends Agent> agents, InputStream in, OutputStream out) {
    return boot(configuration, agents, Optional.empty(), (system, runtime) -> {
      runtime.serveStdio(in, out).whenComplete((done, failure) -> {
        if (failure != null) {
          log.error("stdio transport failed", failure);
        }
        system.terminate();
      });
      log.info("ARCP runtime speaking on stdin/stdout ({})", storage(configuration));
      return new RunningNode(system, runtime, Optional.empty());
    });
  }

  private static RunningNode boot(NodeConfiguration configuration, List<? extends Agent> agents,
      Optional<CredentialProvisioner> provisioner, BiFunction<ActorSystem<Void>, ArcpRuntime, RunningNode> serve) {
    prepareJournal(configuration);
    ActorSystem<Void> system = ActorSystem.create(
        Behaviors.empty(), NodeSettings.ACTOR_SYSTEM_NAME, configuration.config());
    try {
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
          "log-node-stopping", () -> {
            log.info("ARCP node stopping ({})", CoordinatedShutdown.get(system).getShutdownReason()
                .map(Object::toString).orElse("no reason given"));
            return CompletableFuture.completedFuture(Done.getInstance());
          });
      joinCluster(system, configuration.node().seedNodes());
      ArcpRuntime runtime = ArcpRuntime.start(system,
          RuntimeSettings.fromConfig(configuration.config()),
          AgentRegistry.withServiceAgents(agents, ArcpNode.class.getClassLoader()),
          configuration.tokens(),
          jobIndex(configuration, system),
          credentials(configuration, system, provisioner));
      return serve.apply(system, runtime);
    } catch (RuntimeException e) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      throw e;
    }
  }

  /** Creates the data directory of an H2 journal and the tables of any journal. */
  private static void prepareJournal(NodeConfiguration configuration) {
    JournalDatabase database = JournalDatabase.configuredIn(configuration.config());
    try {
      if (database.dialect() == Dialect.H2) {
        Files.createDirectories(configuration.node().dataDir());
      }
      JournalSchema.apply(database);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot prepare the journal " + database + ": " + e, e);
    }
  }

  /** The listing index in the journal's database, closed once the actor system has terminated. */
  private static JdbcJobIndex jobIndex(NodeConfiguration configuration, ActorSystem<Void> system) {
    JdbcJobIndex index = JdbcJobIndex.open(JournalDatabase.configuredIn(configuration.config()),
        Optional.of(configuration.config().getString("arcp.list-jobs.cursor-secret")));
    system.getWhenTerminated().thenRun(index::close);
    return index;
  }

  /**
   * The provisioner given, else the one configured: the HMAC provisioner keeps its revocation list
   * in the journal's database, purged of long-expired entries, closed once the actor system has
   * terminated.
   */
  private static CredentialProvisioning credentials(NodeConfiguration configuration, ActorSystem<Void> system,
      Optional<CredentialProvisioner> given) {
    CredentialSettings settings = CredentialSettings.fromConfig(configuration.config().getConfig("arcp.credentials"));
    if (given.isPresent() || !settings.provisioner().equals(CredentialSettings.HMAC)) {
      return new CredentialProvisioning(given, settings);
    }
    JdbcCredentialRevocations revocations =
        JdbcCredentialRevocations.open(JournalDatabase.configuredIn(configuration.config()));
    Cancellable purge = RevocationPurge.schedule(system, revocations,
        configuration.config().getConfig("arcp.credentials.hmac.revocation-purge"), Clock.systemUTC());
    system.getWhenTerminated().thenRun(() -> {
      purge.cancel();
      revocations.close();
    });
    return new CredentialProvisioning(
        Optional.of(new HmacCredentialProvisioner(settings, revocations, Clock.systemUTC())), settings);
  }

  /**
   * Joins the seed nodes, or forms a cluster of one, and waits until this member is up so that
   * no client is accepted before sharding can place entities. A node that cannot join stops
   * itself after {@code pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes}.
   */
  private static void joinCluster(ActorSystem<Void> system, List<Address> seedNodes) {
    CompletableFuture<Done> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(system).registerOnMemberUp(
        () -> up.complete(Done.getInstance()));
    Cluster cluster = Cluster.get(system);
    if (seedNodes.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      cluster.manager().tell(new JoinSeedNodes(seedNodes));
    }
    CompletableFuture.anyOf(up, system.getWhenTerminated().toCompletableFuture()).join();
    if (!up.isDone()) {
      throw new IllegalStateException("the node stopped before it could join the cluster "
          + (seedNodes.isEmpty() ? "of itself" : "at " + seedNodes));
    }
    log.info("Joined the cluster as {}", cluster.selfMember().address());
  }

  /** The WebSocket server's last chance for in-flight requests, within Pekko's phase timeout. */
  private static Duration requestsDoneDeadline(ActorSystem<Void> system) {
    return Duration.ofMillis(CoordinatedShutdown.get(system)
        .timeout(CoordinatedShutdown.PhaseServiceRequestsDone()).toMillis());
  }

  private static String storage(NodeConfiguration configuration) {
    return JournalDatabase.configuredIn(configuration.config()).dialect() == Dialect.H2
        ? "data: " + configuration.node().dataDir()
        : "journal: PostgreSQL";
  }

  private static boolean removedByCluster(Optional<CoordinatedShutdown.Reason> reason) {
    return reason.filter(r -> r.equals(CoordinatedShutdown.clusterDowningReason())
            || r.equals(CoordinatedShutdown.clusterJoinUnsuccessfulReason()))
        .isPresent();
  }
}
