package dev.arcpekko.runtime;

import dev.arcpekko.protocol.ArcpCodec;
import dev.arcpekko.protocol.CodecLimits;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.auth.BearerTokens;
import dev.arcpekko.runtime.credentials.CredentialProvisioning;
import dev.arcpekko.runtime.idempotency.IdempotencyEntity;
import dev.arcpekko.runtime.job.JobEntity;
import dev.arcpekko.runtime.listing.JobIndex;
import dev.arcpekko.runtime.listing.JobListing;
import dev.arcpekko.runtime.limits.PrincipalJobs;
import dev.arcpekko.runtime.limits.ReservationBatcher;
import dev.arcpekko.runtime.limits.PrincipalSessions;
import dev.arcpekko.runtime.recovery.JobRecoveryIndex;
import dev.arcpekko.runtime.session.SessionEntity;
import dev.arcpekko.runtime.transport.ConnectionActor;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;

/**
 * What the entities and connections of one node share: settings, agents, tokens, the codec, the
 * clock, the agent executor, the read journal, the credential provisioner, and typed handles to
 * every sharded entity.
 */
public final class RuntimeServices {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final RuntimeSettings settings;
  private final AgentRegistry agents;
  private final BearerTokens tokens;
  private final ArcpCodec codec;
  private final Clock clock;
  private final Executor agentExecutor;
  private final Executor credentialsExecutor;
  private final JobListing listing;
  private final ActorRef<ReservationBatcher.Command> reservations;
  private final CredentialProvisioning credentials;
  private final Set<Feature> supportedFeatures;

  public RuntimeServices(ActorSystem<?> system, RuntimeSettings settings, AgentRegistry agents,
      BearerTokens tokens, Clock clock, JobIndex jobIndex, CredentialProvisioning credentials) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
    this.agents = agents;
    this.tokens = tokens;
    this.codec = new ArcpCodec(new CodecLimits(settings.maxFrameBytes(), CodecLimits.DEFAULT.maxNestingDepth()));
    this.clock = clock;
    this.agentExecutor = system.dispatchers()
        .lookup(DispatcherSelector.fromConfig(RuntimeSettings.AGENT_DISPATCHER));
    this.credentialsExecutor = system.dispatchers()
        .lookup(DispatcherSelector.fromConfig(RuntimeSettings.CREDENTIALS_DISPATCHER));
    this.listing = JobListing.start(system, settings, jobIndex);
    this.reservations = system.systemActorOf(ReservationBatcher.create(principal -> principalJobs(principal)), "arcp-job-slots",
        Props.empty());
    this.credentials = credentials;
    Set<Feature> features = EnumSet.copyOf(ConnectionActor.SUPPORTED_FEATURES);
    features.addAll(credentials.features());
    this.supportedFeatures = Set.copyOf(features);
  }

  public ActorSystem<?> system() {
    return system;
  }

  public RuntimeSettings settings() {
    return settings;
  }

  public AgentRegistry agents() {
    return agents;
  }

  public BearerTokens tokens() {
    return tokens;
  }

  public ArcpCodec codec() {
    return codec;
  }

  public Clock clock() {
    return clock;
  }

  public Executor agentExecutor() {
    return agentExecutor;
  }

  /** Where credential provisioner calls run: they may block, but never behind agents. */
  public Executor credentialsExecutor() {
    return credentialsExecutor;
  }

  /** The job index behind {@code session.list_jobs}, and its writer. */
  public JobListing listing() {
    return listing;
  }

  /** The credential provisioner (spec 1.1 §9.8), if configured, and its settings. */
  public CredentialProvisioning credentials() {
    return credentials;
  }

  /** The features this node advertises: its own, plus those of a configured provisioner. */
  public Set<Feature> supportedFeatures() {
    return supportedFeatures;
  }

  public ClusterSharding sharding() {
    return sharding;
  }

  /** The read journal used to replay a job's journaled events. */
  public CurrentEventsByPersistenceIdQuery readJournal() {
    return PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, settings.queryJournalPluginId());
  }

  public EntityRef<JobEntity.Command> job(String jobId) {
    return sharding.entityRefFor(JobEntity.TYPE_KEY, jobId);
  }

  public EntityRef<SessionEntity.Command> session(String sessionId) {
    return sharding.entityRefFor(SessionEntity.TYPE_KEY, sessionId);
  }

  public EntityRef<IdempotencyEntity.Command> idempotency(String scopedKey) {
    return sharding.entityRefFor(IdempotencyEntity.TYPE_KEY, IdempotencyEntity.entityId(scopedKey));
  }

  public EntityRef<JobRecoveryIndex.Command> recoveryIndexFor(String jobId) {
    return sharding.entityRefFor(JobRecoveryIndex.TYPE_KEY, JobRecoveryIndex.bucketOf(jobId));
  }

  /** The live sessions of {@code principal} ({@code arcp.limits.max-sessions-per-principal}). */
  public EntityRef<PrincipalSessions.Command> principalSessions(String principal) {
    return sharding.entityRefFor(PrincipalSessions.TYPE_KEY, principal);
  }

  /** The jobs of {@code principal} that have not ended ({@code arcp.limits.max-concurrent-jobs-per-principal}). */
  /** Where this node's jobs reserve their principal's slots (batched per principal). */
  public ActorRef<ReservationBatcher.Command> reservations() {
    return reservations;
  }

  public EntityRef<PrincipalJobs.Command> principalJobs(String principal) {
    return sharding.entityRefFor(PrincipalJobs.TYPE_KEY, principal);
  }
}
