package dev.arcpekko.runtime.credentials;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.message.Credential;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A provisioner that needs no vendor: one {@code bearer} token per job, HMAC-signed
 * ({@link HmacToken}), scoped to the job's lease ({@code model.use}, {@code cost.budget}) and
 * expiring at the lease's {@code expires_at} or after {@code max-ttl}, whichever comes first. A job
 * that outlives its token gets a new generation {@code rotate-before} its expiry. Revocation writes
 * the shared {@link CredentialRevocations} list that {@link HmacCredentialVerifier} consults. The
 * value is derived from the grant, so it is never stored.
 */
public final class HmacCredentialProvisioner implements CredentialProvisioner {
  private final HmacToken tokens;
  private final CredentialSettings settings;
  private final CredentialRevocations revocations;
  private final Clock clock;

  public HmacCredentialProvisioner(CredentialSettings settings, CredentialRevocations revocations, Clock clock) {
    this.tokens = new HmacToken(settings.hmacSecret());
    this.settings = settings;
    this.revocations = revocations;
    this.clock = clock;
  }

  @Override
  public List<CredentialGrant> issue(CredentialRequest request) {
    return List.of(grant(Ids.credential(), 1, request));
  }

  @Override
  public Credential present(CredentialGrant grant) {
    ObjectNode claims = JsonNodeFactory.instance.objectNode()
        .put("cid", grant.id())
        .put("gen", grant.generation())
        .put("job", grant.jobId())
        .put("sub", grant.principal());
    claims.setAll(grant.constraints().deepCopy());
    return new Credential(grant.id(), "bearer", tokens.sign(claims), grant.endpoint(), grant.profile(),
        Optional.of(grant.constraints().deepCopy()));
  }

  @Override
  public CredentialGrant rotate(CredentialGrant current, CredentialRequest request) {
    return grant(current.id(), current.generation() + 1, request);
  }

  @Override
  public void revoke(CredentialGrant grant) throws CredentialException {
    revocations.revoke(grant.id(), grant.generation(), grant.expiresAt().orElseThrow());
  }

  private CredentialGrant grant(String id, int generation, CredentialRequest request) {
    Instant now = clock.instant();
    Instant ttlEnd = now.plus(settings.maxTtl());
    Instant expiresAt = request.expiresAt().filter(at -> at.isBefore(ttlEnd)).orElse(ttlEnd);
    // Rotate only when the job may outlive this token: the lease ends later, or never.
    Optional<Instant> rotateAt = request.expiresAt().filter(at -> !at.isAfter(expiresAt)).isPresent()
        ? Optional.empty()
        : Optional.of(expiresAt.minus(settings.rotateBefore()));
    ObjectNode constraints = JsonNodeFactory.instance.objectNode();
    if (!request.costBudget().isEmpty()) {
      request.costBudget().forEach(constraints.putArray("cost.budget")::add);
    }
    if (!request.modelUse().isEmpty()) {
      request.modelUse().forEach(constraints.putArray("model.use")::add);
    }
    constraints.put("expires_at", expiresAt.toString());
    return new CredentialGrant(id, generation, request.jobId(), request.principal(), "bearer", settings.endpoint(),
        settings.profile(), constraints, now, Optional.of(expiresAt), rotateAt);
  }
}
