package dev.arcpekko.cluster.config;

/**
 * One bearer token with the principal it authenticates and where it was configured (for error
 * messages that must name the place but never show the token).
 */
record ConfiguredToken(String token, String principal, String origin) {

  @Override
  public String toString() {
    return "ConfiguredToken[principal=" + principal + ", origin=" + origin + "]";
  }
}
