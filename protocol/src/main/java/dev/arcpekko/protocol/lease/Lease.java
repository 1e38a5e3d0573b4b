package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authority granted to a job (spec 1.0 §9, 1.1 §9): for each capability, the patterns an
 * operation's target must match. Validated and compiled once; keeps the patterns as they were sent,
 * in order, for re-serialisation.
 */
public final class Lease {
  private static final Lease EMPTY = new Lease(Map.of(), Map.of(), Optional.empty());

  private final Map<CapabilityName, List<String>> patterns;
  private final Map<CapabilityName, List<Glob>> globs;
  private final Optional<Budget> budget;

  private Lease(
      Map<CapabilityName, List<String>> patterns,
      Map<CapabilityName, List<Glob>> globs,
      Optional<Budget> budget) {
    this.patterns = Collections.unmodifiableMap(patterns);
    this.globs = Collections.unmodifiableMap(globs);
    this.budget = budget;
  }

  /** The lease that grants nothing. */
  public static Lease empty() {
    return EMPTY;
  }

  /**
   * Validates a lease object as read from the wire. Messages of the violations thrown start with
   * the offending key, such as {@code fs.read[1]: ...}, for the caller to prefix with the field.
   *
   * @throws ProtocolViolation on an unknown capability or a malformed pattern or amount
   */
  public static Lease parse(Map<String, List<String>> lease) {
    Objects.requireNonNull(lease, "lease");
    Map<CapabilityName, List<String>> patterns = new LinkedHashMap<>();
    Map<CapabilityName, List<Glob>> globs = new LinkedHashMap<>();
    List<BudgetAmount> amounts = new ArrayList<>();
    for (Map.Entry<String, List<String>> grant : lease.entrySet()) {
      CapabilityName capability = CapabilityName.of(grant.getKey());
      List<String> given = grant.getValue();
      if (given == null) {
        throw ProtocolViolation.invalid(capability + ": must be a list of pattern strings");
      }
      List<Glob> compiled = new ArrayList<>(given.size());
      for (int i = 0; i < given.size(); i++) {
        String key = capability + "[" + i + "]";
        String pattern = given.get(i);
        if (pattern == null || pattern.isEmpty()) {
          throw ProtocolViolation.invalid(key + ": a pattern must be a non-empty string");
        }
        try {
          if (capability.targetKind() == TargetKind.AMOUNT) {
            amounts.add(BudgetAmount.parse(pattern));
          } else {
            compiled.add(Glob.compile(capability.targetKind().canonicalisePattern(pattern)));
          }
        } catch (ProtocolViolation violation) {
          throw violation.at(key);
        }
      }
      patterns.put(capability, List.copyOf(given));
      globs.put(capability, List.copyOf(compiled));
    }
    return new Lease(
        patterns, globs, amounts.isEmpty() ? Optional.empty() : Optional.of(Budget.of(amounts)));
  }

  /**
   * Whether an operation under {@code capability} on {@code rawTarget} is allowed: the target is
   * canonicalised and must match one of the capability's patterns. A target without a canonical
   * form, an absent capability and {@code cost.budget} (not an operation) are all denials.
   */
  public boolean permits(CapabilityName capability, String rawTarget) {
    List<Glob> granted = globs.getOrDefault(capability, List.of());
    return !granted.isEmpty()
        && capability
            .targetKind()
            .canonicalise(rawTarget)
            .map(target -> granted.stream().anyMatch(glob -> glob.matches(target)))
            .orElse(false);
  }

  /**
   * Why this lease, requested for a delegated job, is not a subset of {@code parent} (spec 1.0
   * §9.4, 1.1 §9.4); empty if it is. Each pattern must be covered by one pattern of the parent's
   * same capability, and a {@code cost.budget} must fit within {@code parentRemaining}, which for a
   * parent without a budget has no currencies.
   */
  public Optional<String> subsetViolation(Lease parent, Budget parentRemaining) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(parentRemaining, "parentRemaining");
    for (Map.Entry<CapabilityName, List<Glob>> grant : globs.entrySet()) {
      CapabilityName capability = grant.getKey();
      List<Glob> parentGlobs = parent.globs.getOrDefault(capability, List.of());
      List<Glob> childGlobs = grant.getValue();
      for (int i = 0; i < childGlobs.size(); i++) {
        Glob child = childGlobs.get(i);
        if (parentGlobs.stream().noneMatch(parentGlob -> parentGlob.covers(child))) {
          return Optional.of(
              capability
                  + " pattern '"
                  + patterns.get(capability).get(i)
                  + "' is not covered by any "
                  + capability
                  + " pattern of the parent lease");
        }
      }
    }
    return budget.flatMap(
        asked ->
            parentRemaining
                .uncoveredCurrency(asked)
                .map(currency -> budgetViolation(currency, asked, parentRemaining)));
  }

  private static String budgetViolation(String currency, Budget asked, Budget parentRemaining) {
    String wanted = currency + ":" + asked.remaining(currency).orElseThrow().toPlainString();
    return parentRemaining
        .remaining(currency)
        .map(
            left ->
                "cost.budget "
                    + wanted
                    + " exceeds the parent's remaining "
                    + currency
                    + ":"
                    + left.toPlainString())
        .orElse("cost.budget " + wanted + " names a currency the parent lease does not budget");
  }

  /** The capabilities this lease names, in the order they were given. */
  Set<CapabilityName> capabilities() {
    return patterns.keySet();
  }

  /** The patterns of {@code capability} as given; empty if the lease does not name it. */
  List<String> patterns(CapabilityName capability) {
    return patterns.getOrDefault(capability, List.of());
  }

  /** The compiled patterns of {@code capability}, index for index with {@link #patterns}. */
  List<Glob> globs(CapabilityName capability) {
    return globs.getOrDefault(capability, List.of());
  }

  /** Whether this lease names {@code capability}, even with no patterns. */
  public boolean names(CapabilityName capability) {
    return patterns.containsKey(capability);
  }

  /** The starting counters of this lease's {@code cost.budget}, if it has any amounts. */
  public Optional<Budget> budget() {
    return budget;
  }

  /** The validated lease in wire shape, patterns as they were given; unmodifiable. */
  public Map<String, List<String>> asMap() {
    Map<String, List<String>> wire = new LinkedHashMap<>();
    patterns.forEach((capability, given) -> wire.put(capability.wire(), given));
    return Collections.unmodifiableMap(wire);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Lease that && patterns.equals(that.patterns);
  }

  @Override
  public int hashCode() {
    return patterns.hashCode();
  }

  @Override
  public String toString() {
    return "Lease" + patterns;
  }
}
