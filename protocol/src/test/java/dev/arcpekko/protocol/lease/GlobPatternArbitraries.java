package dev.arcpekko.protocol.lease;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated glob patterns over a small alphabet, built from tokens so that {@code *} and {@code **}
 * land next to slashes and each other often.
 */
final class GlobPatternArbitraries {
  private GlobPatternArbitraries() {}

  private static Arbitrary<List<String>> tokens(int maxTokens) {
    return Arbitraries.of("a", "b", ".", "/", "*", "**", "/**", "/**/")
        .list()
        .ofMinSize(1)
        .ofMaxSize(maxTokens);
  }

  static Arbitrary<String> patterns(int maxTokens) {
    return tokens(maxTokens).map(GlobPatternArbitraries::join);
  }

  /**
   * {@code length} patterns, each made from the one before by swapping some wildcards for spellings
   * that usually match less: a literal, a narrower wildcard, or nothing. Usually, not always:
   * around slashes a swap can widen, which keeps both answers of covers() in play.
   */
  static Arbitrary<List<String>> narrowingChains(int maxTokens, int length) {
    return tokens(maxTokens)
        .flatMap(widest -> extended(List.of(widest), length))
        .map(chain -> chain.stream().map(GlobPatternArbitraries::join).toList())
        .filter(chain -> chain.stream().noneMatch(String::isEmpty));
  }

  private static Arbitrary<List<List<String>>> extended(List<List<String>> chain, int length) {
    if (chain.size() == length) {
      return Arbitraries.just(chain);
    }
    List<String> last = chain.get(chain.size() - 1);
    return Combinators.combine(last.stream().map(GlobPatternArbitraries::narrowings).toList())
        .as(List::copyOf)
        .flatMap(
            next -> {
              List<List<String>> longer = new ArrayList<>(chain);
              longer.add(next);
              return extended(longer, length);
            });
  }

  private static String join(List<String> tokens) {
    return String.join("", tokens);
  }

  private static Arbitrary<String> narrowings(String token) {
    return switch (token) {
      case "**" -> Arbitraries.of("**", "*", "a");
      case "*" -> Arbitraries.of("*", "a", "");
      case "/**" -> Arbitraries.of("/**", "/a", "");
      case "/**/" -> Arbitraries.of("/**/", "/a/", "/");
      default -> Arbitraries.just(token);
    };
  }

  /** Every string of up to {@code maxLength} characters over {@code alphabet}, the empty one too. */
  static List<String> allStrings(String alphabet, int maxLength) {
    List<String> strings = new ArrayList<>(List.of(""));
    List<String> previous = List.of("");
    for (int length = 1; length <= maxLength; length++) {
      List<String> longer = new ArrayList<>();
      for (String prefix : previous) {
        for (char c : alphabet.toCharArray()) {
          longer.add(prefix + c);
        }
      }
      strings.addAll(longer);
      previous = longer;
    }
    return List.copyOf(strings);
  }
}
