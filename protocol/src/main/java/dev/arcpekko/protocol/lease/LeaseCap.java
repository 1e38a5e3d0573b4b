package dev.arcpekko.protocol.lease;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An operator's ceiling on the leases of a principal's jobs: {@link #apply} turns a requested lease
 * into the effective one, which grants nothing the request or the cap does not. A capability the
 * cap does not name passes unchanged. For a capability it names, each requested pattern is kept if
 * a cap pattern covers it, else replaced by the cap patterns it covers (narrowing), else dropped; a
 * capability left without patterns stays, empty, so that it grants nothing. A {@code cost.budget}
 * becomes the smaller amount per currency, and a capped currency the request lacks is imposed, as
 * is every capability in {@code imposedWhenAbsent}: those whose absence from a lease grants
 * unbounded authority ({@code model.use} when the runtime does not require a grant).
 */
public final class LeaseCap {
  private final Lease limit;
  private final Set<CapabilityName> imposedWhenAbsent;

  public LeaseCap(Lease limit, Set<CapabilityName> imposedWhenAbsent) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.imposedWhenAbsent = Set.copyOf(imposedWhenAbsent);
  }

  /** The lease this cap limits requests to. */
  public Lease limit() {
    return limit;
  }

  /** The effective lease of a job that requested {@code requested}. */
  public Lease apply(Lease requested) {
    Objects.requireNonNull(requested, "requested");
    Map<String, List<String>> effective = new LinkedHashMap<>();
    for (CapabilityName capability : requested.capabilities()) {
      if (!capability.equals(CapabilityName.COST_BUDGET)) {
        effective.put(capability.wire(),
            limit.names(capability) ? narrowed(requested, capability) : requested.patterns(capability));
      }
    }
    for (CapabilityName capability : limit.capabilities()) {
      if (imposedWhenAbsent.contains(capability) && !requested.names(capability)) {
        effective.put(capability.wire(), limit.patterns(capability));
      }
    }
    budget(requested).ifPresent(amounts -> effective.put(CapabilityName.COST_BUDGET.wire(), amounts));
    return Lease.parse(effective);
  }

  private List<String> narrowed(Lease requested, CapabilityName capability) {
    List<Glob> ceiling = limit.globs(capability);
    List<Glob> asked = requested.globs(capability);
    Set<String> kept = new LinkedHashSet<>();
    for (int i = 0; i < asked.size(); i++) {
      Glob glob = asked.get(i);
      if (ceiling.stream().anyMatch(cap -> cap.covers(glob))) {
        kept.add(requested.patterns(capability).get(i));
        continue;
      }
      for (int j = 0; j < ceiling.size(); j++) {
        if (glob.covers(ceiling.get(j))) {
          kept.add(limit.patterns(capability).get(j));
        }
      }
    }
    return List.copyOf(kept);
  }

  /** The effective {@code cost.budget} amounts; empty when the job has no budget. */
  private Optional<List<String>> budget(Lease requested) {
    if (!limit.names(CapabilityName.COST_BUDGET)) {
      return requested.names(CapabilityName.COST_BUDGET)
          ? Optional.of(requested.patterns(CapabilityName.COST_BUDGET))
          : Optional.empty();
    }
    Map<String, BigDecimal> asked = requested.budget().map(Budget::asMap).orElse(Map.of());
    Map<String, BigDecimal> ceiling = limit.budget().map(Budget::asMap).orElse(Map.of());
    Map<String, BigDecimal> amounts = new LinkedHashMap<>(asked);
    ceiling.forEach((currency, cap) -> amounts.merge(currency, cap, BigDecimal::min));
    if (amounts.isEmpty() && !requested.names(CapabilityName.COST_BUDGET)) {
      return Optional.empty();
    }
    List<String> wire = new ArrayList<>();
    amounts.forEach((currency, value) -> wire.add(new BudgetAmount(currency, value).toWire()));
    return Optional.of(wire);
  }

  @Override
  public String toString() {
    return "LeaseCap[" + limit + ", imposed when absent: " + imposedWhenAbsent + "]";
  }
}
