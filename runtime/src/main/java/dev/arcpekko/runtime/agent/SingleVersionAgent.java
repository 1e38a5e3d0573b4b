package dev.arcpekko.runtime.agent;

import java.util.List;
import java.util.Objects;

/** Base for an agent that offers exactly one version, which is therefore its default. */
public abstract class SingleVersionAgent implements Agent {
  private final String name;
  private final String version;

  protected SingleVersionAgent(String name, String version) {
    this.name = Objects.requireNonNull(name, "name");
    this.version = Objects.requireNonNull(version, "version");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final List<String> versions() {
    return List.of(version);
  }

  @Override
  public final String defaultVersion() {
    return version;
  }
}
