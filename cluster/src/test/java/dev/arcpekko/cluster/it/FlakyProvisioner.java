package dev.arcpekko.cluster.it;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.runtime.credentials.CredentialException;
import dev.arcpekko.runtime.credentials.CredentialGrant;
import dev.arcpekko.runtime.credentials.CredentialProvisioner;
import dev.arcpekko.runtime.credentials.CredentialRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provisioner whose revocations fail on demand: the next {@code transientFailures} fail
 * transiently, and all fail permanently once {@code failPermanently} is set. It records when each
 * revocation was attempted, on which thread, and which generations were revoked. Values are
 * {@code sk-test-<id>-<gen>}.
 */
final class FlakyProvisioner implements CredentialProvisioner {
  final AtomicInteger transientFailures = new AtomicInteger();
  volatile boolean failPermanently;
  final List<Instant> attempts = new CopyOnWriteArrayList<>();
  final List<String> revoked = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();

  static String valueOf(CredentialGrant grant) {
    return "sk-test-" + grant.id() + "-" + grant.generation();
  }

  @Override
  public List<CredentialGrant> issue(CredentialRequest request) {
    return List.of(new CredentialGrant(Ids.credential(), 1, request.jobId(), request.principal(), "bearer",
        "https://gateway.test/v1", Optional.of("openai"), JsonNodeFactory.instance.objectNode(), Instant.now(),
        Optional.empty(), Optional.empty()));
  }

  @Override
  public Credential present(CredentialGrant grant) {
    return new Credential(grant.id(), grant.scheme(), valueOf(grant), grant.endpoint(), grant.profile(),
        Optional.of(grant.constraints()));
  }

  @Override
  public CredentialGrant rotate(CredentialGrant current, CredentialRequest request) {
    throw new UnsupportedOperationException("these grants never rotate");
  }

  @Override
  public void revoke(CredentialGrant grant) throws CredentialException {
    attempts.add(Instant.now());
    threads.add(Thread.currentThread().getName());
    if (failPermanently) {
      throw CredentialException.permanentFailure("the upstream refuses to revoke " + grant.label());
    }
    if (transientFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      throw CredentialException.transientFailure("the upstream is unreachable", null);
    }
    revoked.add(grant.label());
  }
}
