package dev.arcpekko.runtime.job;

import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.runtime.RuntimeServices;
import dev.arcpekko.runtime.credentials.ClientConstraintAliases;
import dev.arcpekko.runtime.credentials.CredentialException;
import dev.arcpekko.runtime.credentials.CredentialGrant;
import dev.arcpekko.runtime.credentials.CredentialLedger;
import dev.arcpekko.runtime.credentials.CredentialProvisioner;
import dev.arcpekko.runtime.credentials.CredentialRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The working side of one job's provisioned credentials (spec 1.1 §9.8), next to the journaled
 * {@link CredentialLedger}: provisioner calls, which may block and so run on the credentials
 * dispatcher (apart from the agents) and answer the job entity as messages; rotation timers; and
 * which generations are being revoked, with the failures so far that set the back-off. What it holds is lost with the entity's
 * incarnation and rebuilt from the ledger: a recovered job revokes every unrevoked generation afresh.
 */
final class JobCredentials {
  private final ActorContext<JobEntity.Command> context;
  private final TimerScheduler<JobEntity.Command> timers;
  private final RuntimeServices services;
  /** Generations ({@link CredentialGrant#label()}) being revoked now, and their failed attempts so far. */
  private final Set<String> revoking = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();

  JobCredentials(ActorContext<JobEntity.Command> context, TimerScheduler<JobEntity.Command> timers,
      RuntimeServices services) {
    this.context = context;
    this.timers = timers;
    this.services = services;
  }

  /** Whether {@code record} gets credentials: a provisioner is configured and its session asked for them. */
  boolean issuedFor(JobRecord record) {
    return services.credentials().provisioner().isPresent() && record.negotiated(Feature.PROVISIONED_CREDENTIALS);
  }

  /** Asks the provisioner for {@code record}'s credentials; answered with {@code CredentialsAnswered}. */
  void issue(JobRecord record, Map<String, BigDecimal> budget) {
    CredentialProvisioner provisioner = services.credentials().provisioner().orElseThrow();
    CredentialRequest request = request(record, budget);
    context.pipeToSelf(offActor(() -> provisioner.issue(request)), (grants, failure) -> {
      if (failure != null) {
        context.getLog().warn("issuing the credentials of job {} failed: {}", record.jobId(),
            CredentialException.reasonOf(failure));
      }
      return new JobEntity.CredentialsAnswered(record, Optional.ofNullable(grants));
    });
  }

  /**
   * The wire credentials of the current generations, secrets derived on demand (never journaled),
   * with the constraint names both official clients read.
   */
  List<Credential> presented(CredentialLedger credentials) {
    return services.credentials().provisioner()
        .map(provisioner -> credentials.current().stream().map(provisioner::present)
            .map(ClientConstraintAliases::addedTo).toList())
        .orElse(List.of());
  }

  /** The wire credential of a freshly rotated generation. */
  Credential presented(CredentialGrant grant) {
    return services.credentials().provisioner().orElseThrow().present(grant);
  }

  void scheduleRotation(CredentialGrant grant) {
    grant.rotateAt().ifPresent(at -> {
      Duration left = Duration.between(services.clock().instant(), at);
      timers.startSingleTimer(new JobEntity.RotateCredential(grant.id()), left.isNegative() ? Duration.ZERO : left);
    });
  }

  /** Asks the provisioner for {@code grant}'s next generation; answered with {@code RotationAnswered}. */
  void rotate(JobRecord record, Map<String, BigDecimal> budget, CredentialGrant grant) {
    Optional<CredentialProvisioner> provisioner = services.credentials().provisioner();
    if (provisioner.isEmpty()) {
      return;
    }
    CredentialRequest request = request(record, budget);
    context.pipeToSelf(offActor(() -> provisioner.get().rotate(grant, request)), (next, failure) -> {
      if (failure != null) {
        context.getLog().warn("rotating credential {} of job {} failed: {}", grant.label(), record.jobId(),
            CredentialException.reasonOf(failure));
      }
      return new JobEntity.RotationAnswered(grant.id(), grant.generation(), Optional.ofNullable(next),
          failure != null && CredentialException.isPermanent(failure));
    });
  }

  /** A rotation failed transiently: it is tried again after the first revocation-retry delay. */
  void retryRotation(String credentialId) {
    timers.startSingleTimer(new JobEntity.RotateCredential(credentialId),
        services.credentials().settings().retryInitial());
  }

  /** Revokes what is due: every unrevoked generation once the job ended, else those rotated away. */
  void revokeDue(CredentialLedger credentials, boolean ended) {
    (ended ? credentials.unrevoked() : credentials.superseded()).forEach(this::revoke);
  }

  /** The retry timer of {@code grant} fired: revoke it again. */
  void retry(CredentialGrant grant) {
    revoking.remove(grant.label());
    revoke(grant);
  }

  /** Revoking {@code grant} failed transiently: it is retried after a doubling back-off. */
  void failedTransiently(String jobId, CredentialGrant grant, String reason) {
    // Still "being revoked" until the retry: a wake-up meanwhile must not bypass the back-off.
    int failed = failures.merge(grant.label(), 1, Integer::sum);
    Duration delay = services.credentials().settings().retryDelay(failed);
    context.getLog().warn("revoking credential {} of job {} failed ({}); retry {} in {}", grant.label(), jobId,
        reason, failed, delay);
    timers.startSingleTimer(new JobEntity.RetryRevocation(grant.id(), grant.generation()), delay);
  }

  /** {@code grant} is revoked or given up on. */
  void settled(CredentialGrant grant) {
    revoking.remove(grant.label());
    failures.remove(grant.label());
  }

  /** The job's timers were cancelled (it ended): every unrevoked generation is to be revoked afresh. */
  void timersCancelled() {
    revoking.clear();
  }

  private void revoke(CredentialGrant grant) {
    if (!revoking.add(grant.label())) {
      return;
    }
    Optional<CredentialProvisioner> provisioner = services.credentials().provisioner();
    if (provisioner.isEmpty()) {
      context.getSelf().tell(new JobEntity.RevocationAnswered(grant.id(), grant.generation(),
          JobEntity.RevocationOutcome.PERMANENT_FAILURE, "no credential provisioner is configured any more"));
      return;
    }
    context.pipeToSelf(offActor(() -> {
      provisioner.get().revoke(grant);
      return Done.getInstance();
    }), (done, failure) -> new JobEntity.RevocationAnswered(grant.id(), grant.generation(),
        JobEntity.RevocationOutcome.of(failure), failure == null ? "" : CredentialException.reasonOf(failure)));
  }

  private static CredentialRequest request(JobRecord record, Map<String, BigDecimal> remainingBudget) {
    return new CredentialRequest(record.jobId(), record.principal(), record.agent().wire(), record.lease(),
        remainingBudget, record.expiresAt());
  }

  /** Provisioner calls may block: they run on the credentials dispatcher and answer the entity. */
  private <T> CompletionStage<T> offActor(Callable<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, services.credentialsExecutor());
  }
}
