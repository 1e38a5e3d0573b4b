package dev.arcpekko.runtime.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configured bearer tokens, each mapped to the principal it authenticates. Lookups are by
 * exact token; {@link #toString()} never shows a token.
 */
public final class BearerTokens {
  private final Map<String, String> principalsByToken;

  public BearerTokens(Map<String, String> principalsByToken) {
    this.principalsByToken = Map.copyOf(Objects.requireNonNull(principalsByToken, "principalsByToken"));
    principalsByToken.forEach((token, principal) -> {
      if (token.isBlank() || principal.isBlank()) {
        throw new IllegalArgumentException("tokens and principals must not be blank");
      }
    });
  }

  /** The principal {@code token} authenticates, if it is configured. */
  public Optional<String> principalFor(String token) {
    return Optional.ofNullable(principalsByToken.get(token));
  }

  /** Whether no token is configured (a node must then refuse to start). */
  public boolean isEmpty() {
    return principalsByToken.isEmpty();
  }

  @Override
  public String toString() {
    return "BearerTokens[" + principalsByToken.size() + " token(s)]";
  }
}
