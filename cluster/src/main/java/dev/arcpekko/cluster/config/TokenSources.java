package dev.arcpekko.cluster.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.arcpekko.runtime.auth.BearerTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads bearer tokens from the places a node takes them (a tokens file, the {@code ARCP_TOKENS}
 * variable, the {@code arcp.tokens} object) and merges them. Every error names the place (file
 * line, entry number) but never the token itself.
 */
final class TokenSources {

  private TokenSources() {}

  /**
   * One {@code token=principal} per line; blank lines and lines starting with {@code #} are
   * skipped.
   */
  static List<ConfiguredToken> fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read the tokens file " + file + ": " + e, e);
    }
    List<ConfiguredToken> tokens = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        tokens.add(entry(line, "tokens file " + file + " line " + (i + 1)));
      }
    }
    return tokens;
  }

  /** Comma-separated {@code token=principal} entries, as in {@code ARCP_TOKENS}. */
  static List<ConfiguredToken> fromList(String list, String variable) {
    List<ConfiguredToken> tokens = new ArrayList<>();
    String[] entries = list.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (!entry.isEmpty()) {
        tokens.add(entry(entry, variable + " entry " + (i + 1)));
      }
    }
    return tokens;
  }

  /** The {@code "token" = principal} members of the object at {@code path}. */
  static List<ConfiguredToken> fromConfig(ConfigObject tokens, String path) {
    List<ConfiguredToken> result = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> member : tokens.entrySet()) {
      ConfigValue principal = member.getValue();
      String origin = path + " (" + principal.origin().description() + ")";
      if (principal.valueType() != ConfigValueType.STRING) {
        throw new ConfigurationException(origin + ": the principal must be a string");
      }
      result.add(checked(member.getKey(), (String) principal.unwrapped(), origin));
    }
    return result;
  }

  /**
   * The union of {@code tokens}; a token configured twice for the same principal counts once.
   *
   * @throws ConfigurationException if one token is configured for two principals
   */
  static BearerTokens union(List<ConfiguredToken> tokens) {
    Map<String, ConfiguredToken> byToken = new LinkedHashMap<>();
    for (ConfiguredToken token : tokens) {
      ConfiguredToken earlier = byToken.putIfAbsent(token.token(), token);
      if (earlier != null && !earlier.principal().equals(token.principal())) {
        throw new ConfigurationException("the same token is configured for two principals: '"
            + earlier.principal() + "' (" + earlier.origin() + ") and '" + token.principal()
            + "' (" + token.origin() + ")");
      }
    }
    Map<String, String> principals = new HashMap<>();
    byToken.forEach((token, configured) -> principals.put(token, configured.principal()));
    return new BearerTokens(principals);
  }

  private static ConfiguredToken entry(String text, String origin) {
    // Split at the last '=' so base64 tokens keep their padding.
    int equals = text.lastIndexOf('=');
    if (equals < 0) {
      throw new ConfigurationException(origin + ": expected token=principal");
    }
    return checked(text.substring(0, equals).strip(), text.substring(equals + 1).strip(), origin);
  }

  private static ConfiguredToken checked(String token, String principal, String origin) {
    Optional<String> problem = token.isEmpty() ? Optional.of("the token is empty")
        : token.chars().anyMatch(Character::isWhitespace) ? Optional.of("the token contains whitespace")
        : principal.isBlank() ? Optional.of("the principal is empty")
        : Optional.empty();
    if (problem.isPresent()) {
      throw new ConfigurationException(origin + ": expected token=principal (" + problem.get() + ")");
    }
    return new ConfiguredToken(token, principal, origin);
  }
}
