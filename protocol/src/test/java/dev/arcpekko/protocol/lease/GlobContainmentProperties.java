package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class GlobContainmentProperties {
  /** Every string of up to four characters over the patterns' literals and one other char. */
  private static final List<String> SAMPLE = GlobPatternArbitraries.allStrings("ab/.c", 4);

  @Property
  void coveringIsSoundOnEveryShortString(@ForAll("pairs") List<String> pair) {
    Glob covering = Glob.compile(pair.get(0));
    Glob covered = Glob.compile(pair.get(1));
    boolean covers = covering.covers(covered);
    Statistics.label("covers")
        .collect(covers)
        .coverage(coverage -> coverage.check(true).percentage(share -> share > 20));

    if (covers) {
      assertThat(SAMPLE.stream().filter(covered::matches)).allMatch(covering::matches);
    }
  }

  @Property
  void everyPatternCoversItself(@ForAll("singlePatterns") String pattern) {
    // On the automata, as Glob.covers answers equal patterns without them.
    GlobAutomaton automaton = GlobAutomaton.of(pattern);

    assertThat(automaton.includes(GlobAutomaton.of(pattern), Glob.MAX_CONTAINMENT_STATES)).isTrue();
  }

  @Property
  void coveringIsTransitive(@ForAll("narrowingChains") List<String> chain) {
    Glob a = Glob.compile(chain.get(0));
    Glob b = Glob.compile(chain.get(1));
    Glob c = Glob.compile(chain.get(2));
    boolean chained = a.covers(b) && b.covers(c);
    Statistics.label("premise holds")
        .collect(chained)
        .coverage(coverage -> coverage.check(true).percentage(share -> share > 20));

    if (chained) {
      assertThat(a.covers(c)).isTrue();
    }
  }

  /** Two unrelated patterns, or a pattern and a usually narrower respelling of it. */
  @Provide
  Arbitrary<List<String>> pairs() {
    return Arbitraries.oneOf(
        GlobPatternArbitraries.patterns(4).list().ofSize(2),
        GlobPatternArbitraries.narrowingChains(4, 2));
  }

  /** Three patterns, each usually a narrowing of the one before, so the premise often holds. */
  @Provide
  Arbitrary<List<String>> narrowingChains() {
    return GlobPatternArbitraries.narrowingChains(5, 3);
  }

  @Provide
  Arbitrary<String> singlePatterns() {
    return GlobPatternArbitraries.patterns(4);
  }
}
