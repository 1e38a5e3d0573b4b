package dev.arcpekko.protocol.lease;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A nondeterministic automaton accepting exactly the strings a glob pattern matches. Targets are
 * run through it with state sets, so matching is linear in the target and cannot backtrack; two
 * automata are compared by determinising one of them on the fly.
 */
final class GlobAutomaton {
  /**
   * Stands for every character that is neither {@code /} nor a literal of the automata compared.
   */
  private static final int OTHER = -1;

  private static final int START = 0;

  private enum CharClass {
    LITERAL,
    NOT_SLASH,
    ANY
  }

  /** A transition; {@code literal} is meaningful only for {@link CharClass#LITERAL}. */
  private record Edge(CharClass charClass, char literal, int target) {
    boolean admits(int symbol) {
      return switch (charClass) {
        case LITERAL -> symbol == literal;
        case NOT_SLASH -> symbol != '/';
        case ANY -> true;
      };
    }
  }

  private enum TokenKind {
    LITERAL,
    /** {@code *}: any run of characters within one segment. */
    WITHIN_SEGMENT,
    /** {@code **} where it does not stand for whole segments: any run of characters. */
    ANYTHING,
    /** {@code /**} at a segment boundary: zero or more whole segments, each with its slash. */
    WHOLE_SEGMENTS
  }

  /** A piece of a pattern; {@code literal} is meaningful only for {@link TokenKind#LITERAL}. */
  private record Token(TokenKind kind, char literal) {
    static Token literalOf(char c) {
      return new Token(TokenKind.LITERAL, c);
    }

    static Token of(TokenKind kind) {
      return new Token(kind, '\0');
    }
  }

  private final Edge[][] edges;
  private final int[][] epsilons;
  private final int accept;
  private final int[] literals;

  private GlobAutomaton(Edge[][] edges, int[][] epsilons, int accept, int[] literals) {
    this.edges = edges;
    this.epsilons = epsilons;
    this.accept = accept;
    this.literals = literals;
  }

  static GlobAutomaton of(String pattern) {
    Builder builder = new Builder();
    int current = builder.newState();
    for (Token token : tokens(pattern)) {
      current =
          switch (token.kind()) {
            case LITERAL -> builder.literal(current, token.literal());
            case WITHIN_SEGMENT -> builder.loop(current, CharClass.NOT_SLASH);
            case ANYTHING -> builder.loop(current, CharClass.ANY);
            case WHOLE_SEGMENTS -> builder.wholeSegments(current);
          };
    }
    return builder.build(current);
  }

  /**
   * Reads the pattern as the reference SDK does: {@code /**} followed by {@code /} or the end
   * stands for whole segments (so {@code /a/**} matches {@code /a} and {@code /a/b/c}), any other
   * {@code **} for anything at all, {@code *} for anything within a segment.
   */
  private static List<Token> tokens(String pattern) {
    List<Token> tokens = new ArrayList<>(pattern.length());
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c != '*') {
        tokens.add(Token.literalOf(c));
        i++;
      } else if (i + 1 == pattern.length() || pattern.charAt(i + 1) != '*') {
        tokens.add(Token.of(TokenKind.WITHIN_SEGMENT));
        i++;
      } else {
        boolean afterSlash = i > 0 && pattern.charAt(i - 1) == '/';
        boolean atEnd = i + 2 == pattern.length();
        boolean beforeSlash = !atEnd && pattern.charAt(i + 2) == '/';
        if (afterSlash && (atEnd || beforeSlash)) {
          // The slash before ** is always the last token: a literal, or the one a previous
          // /**/ emitted for the slash it consumed. WHOLE_SEGMENTS brings its own slashes.
          tokens.remove(tokens.size() - 1);
          tokens.add(Token.of(TokenKind.WHOLE_SEGMENTS));
          if (beforeSlash) {
            tokens.add(Token.literalOf('/'));
          }
          i += beforeSlash ? 3 : 2;
        } else {
          tokens.add(Token.of(TokenKind.ANYTHING));
          i += 2;
        }
      }
    }
    return tokens;
  }

  boolean accepts(CharSequence target) {
    BitSet current = closure(START);
    for (int i = 0; i < target.length() && !current.isEmpty(); i++) {
      current = step(current, target.charAt(i));
    }
    return current.get(accept);
  }

  /**
   * Whether every string {@code other} accepts is also accepted by this automaton. Explores the
   * product of this automaton, determinised lazily, with {@code other}'s states, looking for a
   * string that takes {@code other} to acceptance and this automaton elsewhere. Answers false
   * (unproven) once more than {@code stateLimit} product states are needed.
   */
  boolean includes(GlobAutomaton other, int stateLimit) {
    int[] alphabet =
        IntStream.concat(
                IntStream.of(OTHER, '/'),
                IntStream.concat(Arrays.stream(literals), Arrays.stream(other.literals)))
            .distinct()
            .toArray();
    Determinised determinised = new Determinised(alphabet);
    Set<Long> seen = new HashSet<>();
    Deque<Long> pending = new ArrayDeque<>();
    int initial = determinised.idOf(closure(START));
    BitSet otherInitial = other.closure(START);
    for (int q = otherInitial.nextSetBit(0); q >= 0; q = otherInitial.nextSetBit(q + 1)) {
      long pair = pair(initial, q);
      seen.add(pair);
      pending.add(pair);
    }
    while (!pending.isEmpty()) {
      long pair = pending.poll();
      int subset = (int) (pair >>> 32);
      int otherState = (int) pair;
      if (otherState == other.accept && !determinised.subset(subset).get(accept)) {
        return false;
      }
      for (Edge edge : other.edges[otherState]) {
        BitSet otherTargets = other.closure(edge.target());
        for (int s = 0; s < alphabet.length; s++) {
          if (!edge.admits(alphabet[s])) {
            continue;
          }
          int nextSubset = determinised.next(subset, s);
          for (int q = otherTargets.nextSetBit(0); q >= 0; q = otherTargets.nextSetBit(q + 1)) {
            long next = pair(nextSubset, q);
            if (seen.add(next)) {
              if (seen.size() > stateLimit) {
                return false;
              }
              pending.add(next);
            }
          }
        }
      }
    }
    return true;
  }

  private static long pair(int subset, int otherState) {
    return ((long) subset << 32) | otherState;
  }

  private BitSet step(BitSet from, int symbol) {
    BitSet next = new BitSet(edges.length);
    for (int state = from.nextSetBit(0); state >= 0; state = from.nextSetBit(state + 1)) {
      for (Edge edge : edges[state]) {
        if (edge.admits(symbol)) {
          addClosure(next, edge.target());
        }
      }
    }
    return next;
  }

  private BitSet closure(int state) {
    BitSet closure = new BitSet(edges.length);
    addClosure(closure, state);
    return closure;
  }

  private void addClosure(BitSet set, int state) {
    Deque<Integer> pending = new ArrayDeque<>();
    pending.push(state);
    while (!pending.isEmpty()) {
      int current = pending.pop();
      if (!set.get(current)) {
        set.set(current);
        for (int target : epsilons[current]) {
          pending.push(target);
        }
      }
    }
  }

  /** This automaton's subset construction, built only as far as a comparison needs it. */
  private final class Determinised {
    private final int[] alphabet;
    private final Map<BitSet, Integer> ids = new HashMap<>();
    private final List<BitSet> subsets = new ArrayList<>();
    private final List<int[]> transitions = new ArrayList<>();

    Determinised(int[] alphabet) {
      this.alphabet = alphabet;
    }

    int idOf(BitSet subset) {
      Integer known = ids.get(subset);
      if (known != null) {
        return known;
      }
      int id = subsets.size();
      ids.put(subset, id);
      subsets.add(subset);
      int[] unknown = new int[alphabet.length];
      Arrays.fill(unknown, -1);
      transitions.add(unknown);
      return id;
    }

    BitSet subset(int id) {
      return subsets.get(id);
    }

    int next(int id, int symbolIndex) {
      int[] row = transitions.get(id);
      if (row[symbolIndex] < 0) {
        row[symbolIndex] = idOf(step(subsets.get(id), alphabet[symbolIndex]));
      }
      return row[symbolIndex];
    }
  }

  private static final class Builder {
    private final List<List<Edge>> edges = new ArrayList<>();
    private final List<List<Integer>> epsilons = new ArrayList<>();
    private final Set<Character> literals = new HashSet<>();

    int newState() {
      edges.add(new ArrayList<>());
      epsilons.add(new ArrayList<>());
      return edges.size() - 1;
    }

    int literal(int from, char c) {
      int to = newState();
      edge(from, CharClass.LITERAL, c, to);
      return to;
    }

    /** A fresh state looping on {@code charClass}, so the loop is not shared with {@code from}. */
    int loop(int from, CharClass charClass) {
      int looping = newState();
      epsilons.get(from).add(looping);
      edge(looping, charClass, '\0', looping);
      return looping;
    }

    /** {@code (/[^/]+)*}: a head from which each round reads a slash and a non-empty segment. */
    int wholeSegments(int from) {
      int head = newState();
      int afterSlash = newState();
      int inSegment = newState();
      epsilons.get(from).add(head);
      edge(head, CharClass.LITERAL, '/', afterSlash);
      edge(afterSlash, CharClass.NOT_SLASH, '\0', inSegment);
      edge(inSegment, CharClass.NOT_SLASH, '\0', inSegment);
      epsilons.get(inSegment).add(head);
      return head;
    }

    private void edge(int from, CharClass charClass, char literal, int to) {
      edges.get(from).add(new Edge(charClass, literal, to));
      if (charClass == CharClass.LITERAL) {
        literals.add(literal);
      }
    }

    GlobAutomaton build(int accept) {
      return new GlobAutomaton(
          edges.stream().map(out -> out.toArray(Edge[]::new)).toArray(Edge[][]::new),
          epsilons.stream()
              .map(out -> out.stream().mapToInt(Integer::intValue).toArray())
              .toArray(int[][]::new),
          accept,
          literals.stream().mapToInt(Character::charValue).toArray());
    }
  }
}
