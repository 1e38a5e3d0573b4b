package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

class GlobMatchingProperties {

  @Property
  void matchesExactlyWhatTheReferenceRegexMatches(
      @ForAll("patternsWithTargets") Tuple2<String, String> patternAndTarget) {
    String pattern = patternAndTarget.get1();
    String target = patternAndTarget.get2();
    boolean reference = ReferenceGlobRegex.compile(pattern).matcher(target).matches();
    Statistics.label("reference matches")
        .collect(reference)
        .coverage(coverage -> coverage.check(true).percentage(share -> share > 20));

    assertThat(Glob.compile(pattern).matches(target)).isEqualTo(reference);
  }

  private static Arbitrary<String> targets() {
    return Arbitraries.strings().withChars('a', 'b', '/', '.').ofMaxLength(8);
  }

  /**
   * Each pattern with either an arbitrary target or one made by filling its stars with short
   * strings, which the pattern usually, but not always, matches.
   */
  @Provide
  Arbitrary<Tuple2<String, String>> patternsWithTargets() {
    return GlobPatternArbitraries.patterns(6)
        .flatMap(
            pattern ->
                Arbitraries.oneOf(targets(), filledIn(pattern))
                    .map(target -> Tuple.of(pattern, target)));
  }

  private static Arbitrary<String> filledIn(String pattern) {
    int stars = (int) pattern.chars().filter(c -> c == '*').count();
    return Arbitraries.of("", "a", "b.a", "/", "a/b", "//")
        .list()
        .ofSize(stars)
        .map(
            fillings -> {
              StringBuilder target = new StringBuilder();
              int next = 0;
              for (char c : pattern.toCharArray()) {
                target.append(c == '*' ? fillings.get(next++) : String.valueOf(c));
              }
              return target.toString();
            });
  }
}
