package dev.arcpekko.runtime.credentials;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code arcp.credentials} section: which provisioner runs ({@code ""} none, {@code "hmac"}),
 * the HMAC provisioner's key, endpoint, profile, longest token lifetime and how long before expiry
 * a token is rotated, and the back-off of failed revocations. {@link #toString()} hides the key.
 */
public record CredentialSettings(String provisioner, byte[] hmacSecret, String endpoint, Optional<String> profile,
    Duration maxTtl, Duration rotateBefore, Duration retryInitial, Duration retryMax) {

  public static final String NONE = "";
  public static final String HMAC = "hmac";

  public CredentialSettings {
    if (!provisioner.equals(NONE) && !provisioner.equals(HMAC)) {
      throw new IllegalArgumentException("arcp.credentials.provisioner must be \"\" or \"hmac\"; got " + provisioner);
    }
    if (provisioner.equals(HMAC) && (hmacSecret.length < 32 || endpoint.isBlank())) {
      throw new IllegalArgumentException("arcp.credentials.hmac needs a secret of at least 32 bytes and an endpoint");
    }
    if (!rotateBefore.isNegative() && rotateBefore.compareTo(maxTtl) >= 0) {
      throw new IllegalArgumentException("arcp.credentials.hmac.rotate-before must be shorter than max-ttl");
    }
    if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
      throw new IllegalArgumentException(
          "arcp.credentials.revocation-retry needs 0 < initial <= max; got " + retryInitial + ", " + retryMax);
    }
    hmacSecret = hmacSecret.clone();
  }

  /** Reads the {@code credentials} section of the {@code arcp} configuration. */
  public static CredentialSettings fromConfig(Config credentials) {
    Config hmac = credentials.getConfig("hmac");
    String profile = hmac.getString("profile");
    return new CredentialSettings(
        credentials.getString("provisioner"),
        hmac.getString("secret").getBytes(StandardCharsets.UTF_8),
        hmac.getString("endpoint"),
        profile.isBlank() ? Optional.empty() : Optional.of(profile),
        hmac.getDuration("max-ttl"),
        hmac.getDuration("rotate-before"),
        credentials.getDuration("revocation-retry.initial"),
        credentials.getDuration("revocation-retry.max"));
  }

  /** The delay before retry {@code attempt} (1 = the first retry): doubling from initial, capped at max. */
  public Duration retryDelay(int attempt) {
    Duration delay = retryInitial;
    for (int i = 1; i < attempt && delay.compareTo(retryMax) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(retryMax) > 0 ? retryMax : delay;
  }

  @Override
  public byte[] hmacSecret() {
    return hmacSecret.clone();
  }

  @Override
  public String toString() {
    return "CredentialSettings[provisioner=" + provisioner + ", secret=<redacted>, endpoint=" + endpoint
        + ", profile=" + profile + ", maxTtl=" + maxTtl + ", rotateBefore=" + rotateBefore + ", retryInitial="
        + retryInitial + ", retryMax=" + retryMax + "]";
  }
}
