package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.json.JsonObjectReader;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An agent reference, {@code name} or {@code name@version} (spec 1.1 §7.5):
 * {@code name ::= [a-z0-9][a-z0-9._-]*}, {@code version ::= [a-zA-Z0-9.+_-]+}.
 */
public record AgentRef(String name, Optional<String> version) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern VERSION = Pattern.compile("[a-zA-Z0-9.+_-]+");
  private static final int MAX_LENGTH = 256;

  public AgentRef {
    Objects.requireNonNull(version, "version");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid agent name: " + name);
    }
    version.ifPresent(v -> {
      if (!VERSION.matcher(v).matches()) {
        throw new IllegalArgumentException("invalid agent version: " + v);
      }
    });
  }

  /** Parses {@code text}, explaining precisely which part breaks the grammar. */
  public static AgentRef parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw ProtocolViolation.invalid("agent reference longer than " + MAX_LENGTH + " characters");
    }
    int at = text.indexOf('@');
    String name = at < 0 ? text : text.substring(0, at);
    if (!NAME.matcher(name).matches()) {
      throw ProtocolViolation.invalid("agent '" + JsonObjectReader.clip(text)
          + "': name must match [a-z0-9][a-z0-9._-]* (lowercase letters, digits, '.', '_', '-')");
    }
    if (at < 0) {
      return new AgentRef(name, Optional.empty());
    }
    String version = text.substring(at + 1);
    if (!VERSION.matcher(version).matches()) {
      throw ProtocolViolation.invalid("agent '" + JsonObjectReader.clip(text)
          + "': version after '@' must match [a-zA-Z0-9.+_-]+");
    }
    return new AgentRef(name, Optional.of(version));
  }

  /** Reads a required agent reference field, prefixing grammar errors with the field path. */
  public static AgentRef read(JsonObjectReader in, String field) {
    String text = in.requireNonEmptyString(field);
    try {
      return parse(text);
    } catch (ProtocolViolation e) {
      throw e.at(in.pathOf(field));
    }
  }

  /** Reads an optional agent reference field. */
  static Optional<AgentRef> readOptional(JsonObjectReader in, String field) {
    return in.has(field) ? Optional.of(read(in, field)) : Optional.empty();
  }

  /** The same agent pinned to {@code resolvedVersion}. */
  public AgentRef withVersion(String resolvedVersion) {
    return new AgentRef(name, Optional.of(resolvedVersion));
  }

  /** The wire form: {@code name} or {@code name@version}. */
  public String wire() {
    return version.map(v -> name + "@" + v).orElse(name);
  }

  @Override
  public String toString() {
    return wire();
  }
}
