package dev.arcpekko.cluster.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every node setting that can come from a command-line flag or an environment variable, with the
 * HOCON path it overrides. This one table drives flag parsing, environment reading and the usage
 * text, so the three cannot drift apart.
 */
public enum NodeSetting {
  HOST("--host", "HOST", "ARCP_HOST", "arcp.node.host", Kind.TEXT,
      "interface the WebSocket server listens on"),
  PORT("--port", "PORT", "ARCP_PORT", "arcp.node.port", Kind.PORT,
      "WebSocket port; 0 picks a free one"),
  DATA_DIR("--data-dir", "DIR", "ARCP_DATA_DIR", "arcp.node.data-dir", Kind.TEXT,
      "directory of the embedded H2 journal, relative to the current directory"),
  TOKENS_FILE("--tokens", "FILE", "ARCP_TOKENS_FILE", "arcp.node.tokens-file", Kind.TEXT,
      "bearer tokens, one token=principal per line"),
  HEARTBEAT_SEC("--heartbeat-sec", "SECONDS", "ARCP_HEARTBEAT_SEC", "arcp.heartbeat-interval",
      Kind.SECONDS, "heartbeat interval advertised to clients"),
  RESUME_WINDOW_SEC("--resume-window-sec", "SECONDS", "ARCP_RESUME_WINDOW_SEC",
      "arcp.resume-window", Kind.SECONDS, "how long a session's events stay resumable"),
  STDIO("--stdio", null, null, "arcp.node.stdio", Kind.SWITCH,
      "speak ARCP on stdin/stdout instead of listening"),
  CLUSTER_HOST("--cluster-host", "HOST", "ARCP_CLUSTER_HOST", "arcp.node.cluster-host", Kind.TEXT,
      "address other cluster nodes reach this one at"),
  CLUSTER_PORT("--cluster-port", "PORT", "ARCP_CLUSTER_PORT", "arcp.node.cluster-port", Kind.PORT,
      "cluster (Artery) port; 0 picks a free one"),
  SEED_NODES(null, null, "ARCP_SEED_NODES", "arcp.node.seed-nodes", Kind.LIST,
      "cluster nodes to join; none means this node forms its own cluster"),
  JOURNAL(null, null, "ARCP_JOURNAL", "arcp.journal.kind", Kind.TEXT, "h2 or postgres"),
  PG_URL(null, null, "ARCP_PG_URL", "arcp.journal.postgres.url", Kind.TEXT,
      "JDBC URL of the PostgreSQL journal"),
  PG_USER(null, null, "ARCP_PG_USER", "arcp.journal.postgres.user", Kind.TEXT,
      "PostgreSQL user"),
  PG_PASSWORD(null, null, "ARCP_PG_PASSWORD", "arcp.journal.postgres.password", Kind.SECRET,
      "PostgreSQL password"),
  CREDENTIALS_PROVISIONER(null, null, "ARCP_CREDENTIALS_PROVISIONER", "arcp.credentials.provisioner", Kind.TEXT,
      "credential provisioner: hmac, or unset for none"),
  CREDENTIALS_HMAC_SECRET(null, null, "ARCP_CREDENTIALS_HMAC_SECRET", "arcp.credentials.hmac.secret", Kind.SECRET,
      "signing key of the hmac provisioner"),
  CREDENTIALS_HMAC_ENDPOINT(null, null, "ARCP_CREDENTIALS_HMAC_ENDPOINT", "arcp.credentials.hmac.endpoint",
      Kind.TEXT, "base URL the hmac provisioner's tokens are valid at");

  private final String flag;
  private final String argument;
  private final String environmentVariable;
  private final String path;
  private final Kind kind;
  private final String description;

  NodeSetting(String flag, String argument, String environmentVariable, String path, Kind kind,
      String description) {
    this.flag = flag;
    this.argument = argument;
    this.environmentVariable = environmentVariable;
    this.path = path;
    this.kind = kind;
    this.description = description;
  }

  /** The command-line flag, for settings that have one. */
  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  /** The environment variable, for settings that have one. */
  public Optional<String> environmentVariable() {
    return Optional.ofNullable(environmentVariable);
  }

  /** The HOCON path this setting overrides. */
  public String path() {
    return path;
  }

  /** Whether the flag stands alone, without a value. */
  public boolean isSwitch() {
    return kind == Kind.SWITCH;
  }

  /** The flag spelled for the usage text, with its argument name. */
  String usageName() {
    return argument == null ? flag : flag + " " + argument;
  }

  String description() {
    return description;
  }

  /** The setting whose flag is {@code flag}, if any. */
  static Optional<NodeSetting> byFlag(String flag) {
    return Arrays.stream(values()).filter(s -> flag.equals(s.flag)).findFirst();
  }

  /**
   * {@code raw} as a one-value configuration at {@link #path()}; {@code source} names where the
   * value came from, for error messages and for Typesafe Config's origin.
   */
  Config toConfig(String raw, String source) {
    String value = raw.strip();
    Object converted = switch (kind) {
      case TEXT -> requireNonBlank(value, source);
      case SECRET -> raw;
      case SWITCH -> true;
      case PORT -> port(value, source);
      case SECONDS -> positiveSeconds(value, source) + "s";
      case LIST -> Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .toList();
    };
    return ConfigFactory.empty()
        .withValue(path, ConfigValueFactory.fromAnyRef(converted, source));
  }

  private static String requireNonBlank(String value, String source) {
    if (value.isEmpty()) {
      throw new ConfigurationException(source + ": expected a value, got nothing");
    }
    return value;
  }

  private static int port(String value, String source) {
    return parseInt(value, source, 0, 65_535, "a port number (0-65535)");
  }

  private static int positiveSeconds(String value, String source) {
    return parseInt(value, source, 1, Integer.MAX_VALUE, "a positive number of seconds");
  }

  private static int parseInt(String value, String source, int min, int max, String expected) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the same message as an out-of-range number
    }
    throw new ConfigurationException(source + ": expected " + expected + ", got '" + value + "'");
  }

  /** The settings that have a flag, in usage order. */
  static List<NodeSetting> withFlags() {
    return Arrays.stream(values()).filter(s -> s.flag != null).toList();
  }

  private enum Kind { TEXT, SECRET, SWITCH, PORT, SECONDS, LIST }
}
