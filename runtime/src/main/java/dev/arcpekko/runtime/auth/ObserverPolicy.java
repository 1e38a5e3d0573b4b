package dev.arcpekko.runtime.auth;

import com.typesafe.config.Config;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who may observe (list and subscribe to) whose jobs. A principal always observes its own jobs;
 * operators may name principals that observe every job ({@code arcp.observers.all}, e.g. a
 * dashboard) and per-observer allow lists of owner principals ({@code arcp.observers.allow}).
 * Observing never grants cancel authority.
 */
public final class ObserverPolicy {
  private final Set<String> observeAll;
  private final Map<String, Set<String>> allowed;

  public ObserverPolicy(Set<String> observeAll, Map<String, Set<String>> allowed) {
    this.observeAll = Set.copyOf(Objects.requireNonNull(observeAll, "observeAll"));
    Map<String, Set<String>> copy = new HashMap<>();
    allowed.forEach((observer, owners) -> copy.put(observer, Set.copyOf(owners)));
    this.allowed = Map.copyOf(copy);
  }

  /** Only principals observe their own jobs. */
  public static ObserverPolicy ownJobsOnly() {
    return new ObserverPolicy(Set.of(), Map.of());
  }

  /** Reads {@code arcp.observers}: {@code all = [principal, …]}, {@code allow { observer = [owner, …] }}. */
  public static ObserverPolicy fromConfig(Config observers) {
    Set<String> all = new HashSet<>(observers.getStringList("all"));
    Map<String, Set<String>> allow = new HashMap<>();
    Config allowConfig = observers.getConfig("allow");
    for (String observer : allowConfig.root().keySet()) {
      allow.put(observer, new HashSet<>(allowConfig.getStringList(quoted(observer))));
    }
    return new ObserverPolicy(all, allow);
  }

  private static String quoted(String key) {
    return "\"" + key.replace("\"", "\\\"") + "\"";
  }

  /** Whether {@code observer} may see the jobs {@code owner} submitted. */
  public boolean mayObserve(String observer, String owner) {
    return observer.equals(owner) || observeAll.contains(observer)
        || allowed.getOrDefault(observer, Set.of()).contains(owner);
  }

  /** The owners whose jobs {@code observer} sees: every owner, or an explicit set (always including itself). */
  public Scope scopeOf(String observer) {
    if (observeAll.contains(observer)) {
      return new Scope.Everyone();
    }
    Set<String> owners = new HashSet<>(allowed.getOrDefault(observer, Set.of()));
    owners.add(observer);
    return new Scope.Owners(Set.copyOf(owners));
  }

  /** The set of owner principals an observer may see. */
  public sealed interface Scope {
    /** Every principal's jobs. */
    record Everyone() implements Scope {}

    /** Jobs of exactly these owners. */
    record Owners(Set<String> principals) implements Scope {
      public List<String> sorted() {
        return principals.stream().sorted().toList();
      }
    }
  }

  @Override
  public String toString() {
    return "ObserverPolicy[all=" + observeAll + ", allow=" + allowed + "]";
  }
}
