package dev.arcpekko.runtime;

import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.auth.BearerTokens;
import dev.arcpekko.runtime.credentials.CredentialProvisioning;
import dev.arcpekko.runtime.idempotency.IdempotencyEntity;
import dev.arcpekko.runtime.job.JobEntity;
import dev.arcpekko.runtime.listing.JobIndex;
import dev.arcpekko.runtime.job.JournalJobProbe;
import dev.arcpekko.runtime.limits.PrincipalJobs;
import dev.arcpekko.runtime.limits.PrincipalSessions;
import dev.arcpekko.runtime.recovery.JobRecoveryIndex;
import dev.arcpekko.runtime.recovery.RecoverySweeper;
import dev.arcpekko.runtime.session.SessionEntity;
import dev.arcpekko.runtime.transport.StdioTransport;
import dev.arcpekko.runtime.transport.WebSocketTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The ARCP runtime on one node: starts the sharded entities and serves ARCP over WebSocket or
 * stdio. The actor system must be a cluster member with a journal configured.
 */
public final class ArcpRuntime {
  private final RuntimeServices services;

  private ArcpRuntime(RuntimeServices services) {
    this.services = services;
  }

  /**
   * Initialises sharding for every entity on {@code system}, starts the recovery sweeper and the
   * writer that feeds {@code jobIndex} (the store behind {@code session.list_jobs}); jobs get
   * credentials from {@code credentials}' provisioner, if any.
   */
  public static ArcpRuntime start(ActorSystem<?> system, RuntimeSettings settings, AgentRegistry agents,
      BearerTokens tokens, JobIndex jobIndex, CredentialProvisioning credentials) {
    RuntimeServices services =
        new RuntimeServices(system, settings, agents, tokens, Clock.systemUTC(), jobIndex, credentials);
    var sharding = services.sharding();
    // Running jobs hold an agent thread; they leave memory only once they are terminal and stored.
    sharding.init(Entity.of(JobEntity.TYPE_KEY, context -> JobEntity.create(context, services))
        .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    sharding.init(Entity.of(SessionEntity.TYPE_KEY, context -> SessionEntity.create(context, services)));
    sharding.init(Entity.of(IdempotencyEntity.TYPE_KEY,
        context -> IdempotencyEntity.create(context, settings.idempotencyTtl())));
    sharding.init(Entity.of(JobRecoveryIndex.TYPE_KEY, context -> JobRecoveryIndex.create(context, services)));
    // Never passivated: the session count lives only in memory, and a passivation racing a claim would lose it.
    sharding.init(Entity.of(PrincipalSessions.TYPE_KEY,
            context -> PrincipalSessions.create(context, settings.maxSessionsPerPrincipal()))
        .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    sharding.init(Entity.of(PrincipalJobs.TYPE_KEY,
            context -> PrincipalJobs.create(context, settings.maxConcurrentJobsPerPrincipal(), services.clock(),
                new JournalJobProbe(services)))
        .withStopMessage(new PrincipalJobs.Stop()));
    system.systemActorOf(RecoverySweeper.create(services), "arcp-recovery-sweeper", Props.empty());
    // Sessions and jobs have stopped by now; what they reported last is stored before the system goes.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "arcp-job-index-flush", () -> services.listing().flushed());
    return new ArcpRuntime(services);
  }

  /** The services this runtime's entities share. */
  public RuntimeServices services() {
    return services;
  }

  /** Serves ARCP over WebSocket at {@code ws://host:port<websocket-path>}. */
  public CompletionStage<ServerBinding> bindWebSocket(String host, int port) {
    return Http.get(services.system()).newServerAt(host, port).bind(WebSocketTransport.route(services));
  }

  /** Speaks ARCP as newline-delimited JSON on the given streams until input ends. */
  public CompletionStage<Done> serveStdio(InputStream in, OutputStream out) {
    return StdioTransport.serve(services, in, out);
  }
}
