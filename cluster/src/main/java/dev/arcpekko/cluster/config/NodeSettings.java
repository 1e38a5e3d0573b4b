package dev.arcpekko.cluster.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;

/**
 * The node's own settings, read from {@code arcp.node}: where to listen, where the data lives,
 * which transport to speak, and how to join the cluster.
 */
public record NodeSettings(
    String host,
    int port,
    Path dataDir,
    boolean stdio,
    String clusterHost,
    int clusterPort,
    List<Address> seedNodes) {

  /** The actor system's name, part of every cluster address ({@code pekko://arcp@host:port}). */
  public static final String ACTOR_SYSTEM_NAME = "arcp";

  public NodeSettings {
    seedNodes = List.copyOf(seedNodes);
  }

  /**
   * Reads {@code arcp.node} of a resolved configuration; the data directory becomes absolute
   * (relative to the current directory).
   */
  static NodeSettings fromConfig(Config config) {
    return new NodeSettings(
        config.getString("arcp.node.host"),
        port(config, "arcp.node.port"),
        Path.of(config.getString("arcp.node.data-dir")).toAbsolutePath().normalize(),
        config.getBoolean("arcp.node.stdio"),
        config.getString("arcp.node.cluster-host"),
        port(config, "arcp.node.cluster-port"),
        config.getStringList("arcp.node.seed-nodes").stream().map(NodeSettings::seedNode).toList());
  }

  private static int port(Config config, String path) {
    int port = config.getInt(path);
    if (port < 0 || port > 65_535) {
      throw new ConfigurationException(path + ": expected a port number (0-65535), got " + port);
    }
    return port;
  }

  /** A full address ({@code pekko://arcp@host:port}) or its {@code host:port} shorthand. */
  private static Address seedNode(String text) {
    String uri = text.contains("://") ? text : "pekko://" + ACTOR_SYSTEM_NAME + "@" + text;
    Optional<Address> address;
    try {
      address = Optional.of(AddressFromURIString.parse(uri))
          .filter(a -> a.system().equals(ACTOR_SYSTEM_NAME) && a.hasGlobalScope());
    } catch (Exception e) { // Pekko throws an undeclared MalformedURLException
      address = Optional.empty();
    }
    return address.orElseThrow(() -> new ConfigurationException("arcp.node.seed-nodes: '" + text
        + "' is not a cluster address (pekko://" + ACTOR_SYSTEM_NAME + "@host:port or host:port)"));
  }
}
