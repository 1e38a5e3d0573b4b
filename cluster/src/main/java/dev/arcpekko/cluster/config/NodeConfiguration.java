package dev.arcpekko.cluster.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.cluster.journal.JournalDatabase.Dialect;
import dev.arcpekko.runtime.auth.BearerTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's resolved configuration: one Typesafe {@link Config} for the actor system and the
 * runtime, the node's own {@link NodeSettings}, and the bearer tokens.
 *
 * <p>Layers, highest first: command-line flags, environment variables, {@code -D} system
 * properties, the {@code --config} (or {@code ARCP_CONFIG}) file, {@code application.conf},
 * {@code arcp-node.conf} (the node's defaults), {@code reference.conf}. The journal database is
 * derived from {@code arcp.journal} and the data directory just above {@code arcp-node.conf}, so an
 * explicit {@code pekko-persistence-jdbc} setting in any higher layer still wins.
 */
public record NodeConfiguration(Config config, NodeSettings node, BearerTokens tokens) {

  /** Names a HOCON file to layer over the defaults, like {@code --config}. */
  public static final String CONFIG_FILE_VARIABLE = "ARCP_CONFIG";
  /** Comma-separated {@code token=principal} entries. */
  public static final String TOKENS_VARIABLE = "ARCP_TOKENS";

  static final String NODE_DEFAULTS_RESOURCE = "arcp-node.conf";
  static final String TOKENS_PATH = "arcp.tokens";
  static final String NO_TOKEN_MESSAGE = """
      refusing to start: no bearer token is configured, and a node never serves clients without one.
      Configure at least one token, for example:
        --tokens FILE                     a file with one token=principal per line
        ARCP_TOKENS="secret=alice"        comma-separated token=principal entries
        arcp.tokens { "secret" = alice }  in a --config file
      See docs/configuration.md.""";

  /**
   * Resolves {@code options} and {@code environment} (normally {@link System#getenv()}) over the
   * resources visible to the context class loader.
   *
   * @throws ConfigurationException if a value is invalid or no token is configured
   */
  public static NodeConfiguration resolve(NodeOptions options, Map<String, String> environment) {
    return resolve(options, environment, Thread.currentThread().getContextClassLoader());
  }

  /** As {@link #resolve(NodeOptions, Map)}, with {@code application.conf} and the defaults from {@code loader}. */
  public static NodeConfiguration resolve(
      NodeOptions options, Map<String, String> environment, ClassLoader loader) {
    try {
      Config overrides = flagLayer(options)
          .withFallback(environmentLayer(environment))
          .withFallback(ConfigFactory.systemProperties())
          .withFallback(configFileLayer(options, environment))
          .withFallback(ConfigFactory.parseResourcesAnySyntax(loader, "application"));
      Config defaults = ConfigFactory.parseResources(loader, NODE_DEFAULTS_RESOURCE,
          ConfigParseOptions.defaults().setAllowMissing(false));
      Config reference = ConfigFactory.defaultReference(loader);

      Config provisional = overrides.withFallback(defaults).withFallback(reference).resolve();
      NodeSettings node = NodeSettings.fromConfig(provisional);
      Config derived = ConfigFactory.empty()
          .withValue("arcp.node.data-dir", ConfigValueFactory.fromAnyRef(
              node.dataDir().toString(), "data directory made absolute"))
          .withFallback(journalDatabase(provisional, node).toSlickConfig()
              .atPath(JournalDatabase.SHARED_DATABASE_PATH));
      // The absolute data directory replaces the relative one at every level; the journal
      // database sits below every explicit setting.
      Config config = derived.withOnlyPath("arcp.node.data-dir")
          .withFallback(overrides)
          .withFallback(derived)
          .withFallback(defaults)
          .withFallback(reference)
          .resolve();

      BearerTokens tokens = tokens(config, environment);
      if (tokens.isEmpty()) {
        throw new ConfigurationException(NO_TOKEN_MESSAGE);
      }
      return new NodeConfiguration(config, node, tokens);
    } catch (ConfigException e) {
      throw new ConfigurationException("invalid configuration: " + e.getMessage(), e);
    }
  }

  private static Config flagLayer(NodeOptions options) {
    Config layer = ConfigFactory.empty();
    for (Map.Entry<NodeSetting, String> flag : options.flags().entrySet()) {
      NodeSetting setting = flag.getKey();
      layer = setting.toConfig(flag.getValue(), setting.flag().orElseThrow()).withFallback(layer);
    }
    return layer;
  }

  /** Settings whose variable is set to something other than the empty string. */
  private static Config environmentLayer(Map<String, String> environment) {
    Config layer = ConfigFactory.empty();
    for (NodeSetting setting : NodeSetting.values()) {
      Optional<String> variable = setting.environmentVariable();
      Optional<String> value = variable.map(environment::get).filter(v -> !v.isEmpty());
      if (value.isPresent()) {
        layer = setting.toConfig(value.get(), variable.get()).withFallback(layer);
      }
    }
    return layer;
  }

  private static Config configFileLayer(NodeOptions options, Map<String, String> environment) {
    Optional<Path> file = options.configFile().or(() ->
        Optional.ofNullable(environment.get(CONFIG_FILE_VARIABLE)).filter(v -> !v.isEmpty()).map(Path::of));
    if (file.isEmpty()) {
      return ConfigFactory.empty();
    }
    if (!file.get().toFile().isFile()) {
      throw new ConfigurationException("configuration file not found: " + file.get().toAbsolutePath());
    }
    return ConfigFactory.parseFile(file.get().toFile(),
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  private static JournalDatabase journalDatabase(Config config, NodeSettings node) {
    String kind = config.getString("arcp.journal.kind");
    Dialect dialect = Dialect.ofKind(kind).orElseThrow(() -> new ConfigurationException(
        "arcp.journal.kind: expected h2 or postgres, got '" + kind + "'"));
    return switch (dialect) {
      case H2 -> JournalDatabase.h2(node.dataDir());
      case POSTGRES -> {
        Config postgres = config.getConfig("arcp.journal.postgres");
        yield JournalDatabase.postgres(postgres.getString("url"), postgres.getString("user"),
            postgres.getString("password"));
      }
    };
  }

  /** The union of the tokens file, {@code ARCP_TOKENS} and {@code arcp.tokens}. */
  private static BearerTokens tokens(Config config, Map<String, String> environment) {
    List<ConfiguredToken> tokens = new ArrayList<>();
    String file = config.getString("arcp.node.tokens-file");
    if (!file.isEmpty()) {
      tokens.addAll(TokenSources.fromFile(Path.of(file)));
    }
    Optional.ofNullable(environment.get(TOKENS_VARIABLE))
        .ifPresent(list -> tokens.addAll(TokenSources.fromList(list, TOKENS_VARIABLE)));
    tokens.addAll(TokenSources.fromConfig(config.getObject(TOKENS_PATH), TOKENS_PATH));
    return TokenSources.union(tokens);
  }
}
