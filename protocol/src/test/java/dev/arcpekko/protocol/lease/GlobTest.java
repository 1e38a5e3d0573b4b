package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource({
    // * stays within one segment
    "/workspace/*, /workspace/a.txt, true",
    "/workspace/*, /workspace/, true",
    "/workspace/*, /workspace/a/b, false",
    "/workspace/*.md, /workspace/README.md, true",
    "/workspace/*.md, /workspace/docs/README.md, false",
    // /** at the end is zero or more whole segments
    "/workspace/**, /workspace, true",
    "/workspace/**, /workspace/a, true",
    "/workspace/**, /workspace/a/b/c, true",
    "/workspace/**, /workspace/, false",
    "/workspace/**, /workspace//a, false",
    // /**/ in the middle is zero or more whole segments between slashes
    "/a/**/b, /a/b, true",
    "/a/**/b, /a/x/y/b, true",
    "/a/**/b, /a/xb, false",
    // any other ** is anything at all, slashes included
    "/logs/**.txt, /logs/2024/05/app.txt, true",
    "a**b, a/x/y/b, true",
    // anchored at both ends
    "/workspace/**, /workspace2/x, false",
    "/workspace/**, /workspace2, false",
    "/workspace, /workspace/x, false",
    "/workspace, /x/workspace, false",
    // everything but * is literal, regex metacharacters included
    "a.c, abc, false",
    "(x)+, (x)+, true",
    "(x)+, xx, false",
    "[ab], a, false",
    // tool, agent and model names
    "mcp:github/*, mcp:github/create_issue, true",
    "mcp:github/*, mcp:github/a/b, false",
    "mcp:github/*, mcp:gitlab/create_issue, false",
    "humanq.*, humanq.ask, true",
    "humanq.*, humanqXask, false",
    "humanq.*, humanq, false",
    "tier-fast/*, tier-fast/small, true",
    "tier-fast/*, tier-slow/small, false",
    "anthropic/claude-3-haiku-*, anthropic/claude-3-haiku-20240307, true",
    "anthropic/claude-3-haiku-*, anthropic/claude-3-opus-20240229, false",
    "test-runner, test-runner, true",
    "test-runner, test-runner-2, false"
  })
  void matchesWholeTargetsOnly(String pattern, String target, boolean matches) {
    assertThat(Glob.compile(pattern).matches(target)).isEqualTo(matches);
  }

  @Test
  void emptyPatternIsInvalid() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> Glob.compile(""))
        .withMessage("a pattern must not be empty");
  }

  @Test
  void patternLongerThan1024CharactersIsInvalid() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> Glob.compile("/" + "a".repeat(1024)))
        .withMessage("a pattern may be at most 1024 characters long, not 1025");
  }

  @Test
  void targetLongerThan8192CharactersNeverMatches() {
    assertThat(Glob.compile("**").matches("a".repeat(8193))).isFalse();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.SECONDS)
  void adversarialPatternMatchesInLinearTime() {
    Glob glob = Glob.compile("**a**a**a**a**a**a**a**a**a**a**a**a**a**a**a**a**b");

    assertThat(glob.matches("a".repeat(8192))).isFalse();
  }

  @ParameterizedTest(name = "''{0}'' covers ''{1}'': {2}")
  @CsvSource({
    "/workspace/**, /workspace/src/**, true",
    "/workspace/**, /workspace/src/auth/login.ts, true",
    "/workspace/**, /workspace/*, false",
    "/workspace/**, /workspace/a/*, false",
    "/workspace/**, /workspace/a/*.ts, true",
    "/workspace/src/**, /workspace/**, false",
    "/workspace/*, /workspace/**, false",
    "/workspace/**, /workspace2/**, false",
    "/a/*, /a/b, true",
    "/a/*, /a/*/c, false",
    "/a/*, /a/b*, true",
    "/a/b*, /a/*, false",
    "*, **, false",
    "**, /etc/passwd, true",
    "**, /a/**/b/*, true",
    "/a/**/b, /a/b, true",
    "/a/**/b, /a/x/**/b, true",
    "/a/**/b, /a/**/x/b, true",
    "/a/**/b, /a/**, false",
    "mcp:github/*, mcp:github/create_*, true",
    "anthropic/claude-3-haiku-*, anthropic/claude-3-haiku-2024*, true",
    "anthropic/claude-3-haiku-*, anthropic/*, false",
    "https://*.example.com/**, https://api.example.com/v1/**, true",
    "https://api.example.com/**, https://*.example.com/**, false"
  })
  void coversExactlyWhenEveryMatchOfTheOtherMatchesThis(
      String pattern, String other, boolean covers) {
    assertThat(Glob.compile(pattern).covers(Glob.compile(other))).isEqualTo(covers);
  }

  @Test
  void wholeSegmentWildcardDoesNotCoverSingleSegmentWildcardBecauseOnlyTheLatterMatchesASlash() {
    // "/*" matches "/", which "/**" (zero or more whole segments) does not.
    assertThat(Glob.compile("/**").covers(Glob.compile("/*"))).isFalse();
  }

  @Test
  void containmentNeedingMoreStatesThanAllowedIsNotProven() {
    GlobAutomaton parent = GlobAutomaton.of("/workspace/**");
    GlobAutomaton child = GlobAutomaton.of("/workspace/src/**");

    assertThat(parent.includes(child, 3)).isFalse();
  }

  @Test
  void globsWithTheSamePatternAreEqual() {
    assertThat(Glob.compile("/a/**")).isEqualTo(Glob.compile("/a/**"));
  }
}
