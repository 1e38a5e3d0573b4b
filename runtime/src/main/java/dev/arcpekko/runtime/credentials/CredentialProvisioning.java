package dev.arcpekko.runtime.credentials;

import dev.arcpekko.protocol.message.Feature;
import java.util.Optional;
import java.util.Set;

/**
 * The node's provisioner, if one is configured, with the {@code arcp.credentials} settings. Only
 * with a provisioner does the runtime advertise {@code provisioned_credentials} and
 * {@code model.use} (spec 1.1 §14: no advertisement without guaranteed revocation).
 */
public record CredentialProvisioning(Optional<CredentialProvisioner> provisioner, CredentialSettings settings) {

  /** The features this provisioning adds to the runtime's own. */
  public Set<Feature> features() {
    return provisioner.isPresent() ? Set.of(Feature.PROVISIONED_CREDENTIALS, Feature.MODEL_USE) : Set.of();
  }
}
