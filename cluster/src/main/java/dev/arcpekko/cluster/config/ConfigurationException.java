package dev.arcpekko.cluster.config;

/**
 * The node's configuration cannot be used as given: a bad value, a missing file, a malformed
 * tokens file, or no token at all. The message is meant for the operator and never contains a
 * token or a password; the node exits with status 2.
 */
public class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
