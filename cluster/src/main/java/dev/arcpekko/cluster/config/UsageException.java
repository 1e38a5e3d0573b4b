package dev.arcpekko.cluster.config;

/** The command line cannot be parsed (an unknown flag, a missing value); the usage text helps. */
public final class UsageException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
