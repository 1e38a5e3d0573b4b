package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The effective lease never grants more than the request or the cap, whatever both say. */
class LeaseCapProperties {
  private static final List<String> SAMPLE = GlobPatternArbitraries.allStrings("ab/.c", 4);
  private static final List<CapabilityName> GLOB_CAPABILITIES =
      List.of(CapabilityName.TOOL_CALL, CapabilityName.MODEL_USE);

  @Property
  void everyTargetTheEffectiveLeasePermitsIsPermittedByTheRequestAndTheCap(
      @ForAll("leases") Lease requested, @ForAll("leases") Lease limit) {
    Lease effective = new LeaseCap(limit, Set.of()).apply(requested);
    Statistics.label("grants something").collect(grantsSomething(effective))
        .coverage(coverage -> coverage.check(true).percentage(share -> share > 20));

    for (CapabilityName capability : effective.capabilities()) {
      for (String target : SAMPLE) {
        if (effective.permits(capability, target)) {
          assertThat(requested.permits(capability, target)).as("%s %s requested", capability, target).isTrue();
          assertThat(!limit.names(capability) || limit.permits(capability, target))
              .as("%s %s within the cap", capability, target).isTrue();
        }
      }
    }
  }

  @Property
  void everyEffectivePatternIsCoveredByARequestedAndACapPattern(
      @ForAll("leases") Lease requested, @ForAll("leases") Lease limit) {
    Lease effective = new LeaseCap(limit, Set.of()).apply(requested);

    for (CapabilityName capability : effective.capabilities()) {
      if (capability.equals(CapabilityName.COST_BUDGET)) {
        continue;
      }
      for (Glob glob : effective.globs(capability)) {
        assertThat(requested.globs(capability)).anyMatch(asked -> asked.covers(glob));
        if (limit.names(capability)) {
          assertThat(limit.globs(capability)).anyMatch(cap -> cap.covers(glob));
        }
      }
    }
  }

  @Property
  void theEffectiveBudgetIsAtMostTheRequestedAndTheCappedAmountInEveryCurrency(
      @ForAll("leases") Lease requested, @ForAll("leases") Lease limit) {
    Optional<Budget> effective = new LeaseCap(limit, Set.of()).apply(requested).budget();

    effective.ifPresent(budget -> budget.asMap().forEach((currency, amount) -> {
      assertThat(requested.budget().flatMap(asked -> asked.remaining(currency)).orElse(amount))
          .isGreaterThanOrEqualTo(amount);
      assertThat(limit.budget().flatMap(cap -> cap.remaining(currency)).orElse(amount))
          .isGreaterThanOrEqualTo(amount);
    }));
    limit.budget().ifPresent(cap -> assertThat(effective).isPresent());
  }

  @Property
  void aRequestWithinTheCapIsGrantedAsRequested(@ForAll("leases") Lease requested) {
    assertThat(new LeaseCap(requested, Set.of()).apply(requested)).isEqualTo(requested);
  }

  private static boolean grantsSomething(Lease lease) {
    return lease.capabilities().stream().anyMatch(capability -> !lease.globs(capability).isEmpty());
  }

  /**
   * Leases over two name capabilities (patterns drawn from narrowing chains, so that requests and
   * caps often cover each other) and an optional budget in two currencies.
   */
  @Provide
  Arbitrary<Lease> leases() {
    Arbitrary<List<String>> patterns = GlobPatternArbitraries.narrowingChains(4, 3)
        .flatMap(chain -> Arbitraries.of(chain).list().uniqueElements().ofMinSize(1).ofMaxSize(3));
    Arbitrary<Optional<List<String>>> grant = patterns.optional(0.7);
    Arbitrary<Optional<List<String>>> budget = Combinators.combine(
            Arbitraries.of("USD", "EUR"), Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.TEN).ofScale(2))
        .as((currency, value) -> currency + ":" + value.toPlainString())
        .list().uniqueElements(amount -> amount.substring(0, 3)).ofMinSize(1).ofMaxSize(2).optional(0.5);
    return Combinators.combine(grant, grant, budget).as((tools, models, amounts) -> {
      Map<String, List<String>> wire = new LinkedHashMap<>();
      tools.ifPresent(given -> wire.put(GLOB_CAPABILITIES.get(0).wire(), given));
      models.ifPresent(given -> wire.put(GLOB_CAPABILITIES.get(1).wire(), given));
      amounts.ifPresent(given -> wire.put(CapabilityName.COST_BUDGET.wire(), given));
      return Lease.parse(wire);
    });
  }
}
