package dev.arcpekko.cluster.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The node's command line as given: the flags of {@link NodeSetting} with their raw values, the
 * {@code --config} file and whether {@code --help} was asked for. Values are checked when the
 * configuration is resolved, so a flag and its environment variable fail with the same message.
 */
public record NodeOptions(Map<NodeSetting, String> flags, Optional<Path> configFile, boolean help) {

  static final String CONFIG_FLAG = "--config";
  static final String HELP_FLAG = "--help";

  public NodeOptions {
    flags = Map.copyOf(flags);
  }

  /** No flags: every setting comes from the environment, configuration files or defaults. */
  public static NodeOptions none() {
    return new NodeOptions(Map.of(), Optional.empty(), false);
  }

  /**
   * Parses {@code --flag value} and {@code --flag=value} forms; a repeated flag keeps its last
   * value.
   *
   * @throws UsageException for an unknown flag, a missing value or a positional argument
   */
  public static NodeOptions parse(String... args) {
    Map<NodeSetting, String> flags = new EnumMap<>(NodeSetting.class);
    Optional<Path> configFile = Optional.empty();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      Optional<String> inlineValue =
          equals < 0 ? Optional.empty() : Optional.of(arg.substring(equals + 1));
      if (name.equals(HELP_FLAG) || name.equals("-h")) {
        help = true;
        continue;
      }
      Optional<NodeSetting> setting = NodeSetting.byFlag(name);
      if (setting.isPresent() && setting.get().isSwitch()) {
        if (inlineValue.isPresent()) {
          throw new UsageException(name + " takes no value");
        }
        flags.put(setting.get(), "true");
        continue;
      }
      if (setting.isEmpty() && !name.equals(CONFIG_FLAG)) {
        throw new UsageException(
            arg.startsWith("-") ? "unknown option: " + name : "unexpected argument: " + arg);
      }
      String value;
      if (inlineValue.isPresent()) {
        value = inlineValue.get();
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException(name + " needs a value");
      }
      if (setting.isPresent()) {
        flags.put(setting.get(), value);
      } else {
        configFile = Optional.of(Path.of(value));
      }
    }
    return new NodeOptions(flags, configFile, help);
  }

  /** The usage text, listing every flag with its environment variable. */
  public static String usage() {
    StringBuilder text = new StringBuilder("""
        Usage: arcp-runtime [options]

        Starts an ARCP node: a WebSocket server at ws://HOST:PORT/arcp (or ARCP on stdin/stdout
        with --stdio), journaling to an embedded H2 database in the data directory.

        Options (environment variable in brackets):
        """);
    for (NodeSetting setting : NodeSetting.withFlags()) {
      line(text, setting.usageName(), setting.description(), setting.environmentVariable());
    }
    line(text, CONFIG_FLAG + " FILE", "HOCON file layered over the defaults",
        Optional.of(NodeConfiguration.CONFIG_FILE_VARIABLE));
    line(text, HELP_FLAG, "print this text and exit", Optional.empty());
    text.append("""

        Tokens can also come from %s="token1=alice,token2=bob" or arcp.tokens { ... }
        in a configuration file; the node refuses to start without one.
        Precedence: flags, then environment, then -D system properties, then the --config
        file, then application.conf, then the built-in defaults.
        Every setting is described in docs/configuration.md.
        """.formatted(NodeConfiguration.TOKENS_VARIABLE));
    return text.toString();
  }

  private static void line(StringBuilder text, String name, String description,
      Optional<String> environmentVariable) {
    text.append(String.format("  %-26s %s%s%n", name, description,
        environmentVariable.map(v -> " [" + v + "]").orElse("")));
  }
}
