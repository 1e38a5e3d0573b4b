package dev.arcpekko.runtime.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a token of {@link HmacCredentialProvisioner} the way an upstream gateway must before
 * honouring it: signature (constant-time, same key), expiry, and the shared revocation list (a
 * list that cannot be read rejects the token). Embed it in the gateway and enforce the returned
 * {@link VerifiedCredential}'s {@code model.use} and {@code cost.budget}.
 */
public final class HmacCredentialVerifier {
  private final HmacToken tokens;
  private final CredentialRevocations revocations;
  private final Clock clock;

  public HmacCredentialVerifier(byte[] secret, CredentialRevocations revocations, Clock clock) {
    this.tokens = new HmacToken(secret);
    this.revocations = revocations;
    this.clock = clock;
  }

  /** The outcome of {@link #verify}. */
  public sealed interface Verification {}

  /** The token is genuine, unexpired and not revoked. */
  public record Accepted(VerifiedCredential credential) implements Verification {}

  /** The token must not be honoured, and why (never echoing the token). */
  public record Rejected(String reason) implements Verification {}

  /** Verifies {@code token}. */
  public Verification verify(String token) {
    ObjectNode claims = tokens.open(token).orElse(null);
    if (claims == null) {
      return new Rejected("not a token signed with this key");
    }
    VerifiedCredential credential;
    try {
      credential = new VerifiedCredential(claims.required("cid").asText(), claims.required("gen").asInt(),
          claims.required("job").asText(), claims.required("sub").asText(), strings(claims.get("model.use")),
          strings(claims.get("cost.budget")), Instant.parse(claims.required("expires_at").asText()));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return new Rejected("the token's claims are incomplete");
    }
    if (!clock.instant().isBefore(credential.expiresAt())) {
      return new Rejected("the token expired at " + credential.expiresAt());
    }
    try {
      if (revocations.isRevoked(credential.credentialId(), credential.generation())) {
        return new Rejected("credential " + credential.credentialId() + " generation " + credential.generation()
            + " is revoked");
      }
    } catch (CredentialException e) {
      return new Rejected("the revocation list cannot be read");
    }
    return new Accepted(credential);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null) {
      array.forEach(value -> values.add(value.asText()));
    }
    return values;
  }
}
