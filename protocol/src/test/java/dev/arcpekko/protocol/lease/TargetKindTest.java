package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.arcpekko.protocol.error.ProtocolViolation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetKindTest {

  @Nested
  class PathTargets {
    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource({
      "/workspace/a/../../etc/passwd, /etc/passwd",
      "/workspace//x/./y, /workspace/x/y",
      "/workspace/, /workspace",
      "/../../etc, /etc",
      "/, /",
      "//, /",
      "/a/b/.., /a",
      "/a/.../b, /a/.../b",
      "/a/b%2e%2e/c, /a/b%2e%2e/c"
    })
    void resolveDotAndEmptySegmentsPosixStyle(String raw, String canonical) {
      assertThat(TargetKind.PATH.canonicalise(raw)).contains(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"workspace/x", "./x", "../etc/passwd", "~/x", "/workspace/x\0.txt"})
    void relativePathsAndNulBytesHaveNoCanonicalForm(String raw) {
      assertThat(TargetKind.PATH.canonicalise(raw)).isEmpty();
    }

    @Test
    void emptyTargetHasNoCanonicalForm() {
      assertThat(TargetKind.PATH.canonicalise("")).isEmpty();
    }

    @Test
    void targetLongerThan8192CharactersHasNoCanonicalForm() {
      assertThat(TargetKind.PATH.canonicalise("/" + "a".repeat(8192))).isEmpty();
    }
  }

  @Nested
  class UrlTargets {
    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource({
      "HTTPS://API.Example.com:443/v1/%2e%2e/../x, https://api.example.com/x",
      "http://example.com:80/a, http://example.com/a",
      "ws://example.com:80/a, ws://example.com/a",
      "wss://example.com:443/a, wss://example.com/a",
      "https://example.com:8443/a, https://example.com:8443/a",
      "http://example.com:443/a, http://example.com:443/a",
      "https://api.example.com@evil.com/, https://api.example.com@evil.com",
      "https://example.com/%7euser/%2fetc, https://example.com/~user/%2Fetc",
      "https://example.com/v1/%2E%2E/%2e/admin, https://example.com/admin",
      "https://example.com//a///b/, https://example.com/a/b",
      "https://example.com/, https://example.com",
      "https://example.com/./, https://example.com",
      "https://example.com, https://example.com",
      "https://example.com?q=1, https://example.com/?q=1",
      "https://example.com/a?x=/../y#frag, https://example.com/a?x=/../y",
      "https://[::1]:8080/a, https://[::1]:8080/a"
    })
    void canonicaliseCaseDefaultPortsEscapesAndDotSegments(String raw, String canonical) {
      assertThat(TargetKind.URL.canonicalise(raw)).contains(canonical);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "not a url",
          "https://example.com/a b",
          "https://example.com/%zz",
          "/relative/path",
          "//example.com/no-scheme",
          "mailto:someone@example.com",
          "file:///etc/passwd",
          "https://under_score.example.com/"
        })
    void unparseableOrHostlessUrlsHaveNoCanonicalForm(String raw) {
      assertThat(TargetKind.URL.canonicalise(raw)).isEmpty();
    }
  }

  @Nested
  class NameTargets {
    @ParameterizedTest
    @ValueSource(strings = {"mcp:github/create_issue", "humanq.ask", "tier-fast/small", "a/../b"})
    void areTheirOwnCanonicalForm(String name) {
      assertThat(TargetKind.NAME.canonicalise(name)).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tool\0", "tool\nname", "tool\u007f"})
    void withControlCharactersHaveNoCanonicalForm(String name) {
      assertThat(TargetKind.NAME.canonicalise(name)).isEmpty();
    }
  }

  @Test
  void amountsAreNeverOperationTargets() {
    assertThat(TargetKind.AMOUNT.canonicalise("USD:1.00")).isEmpty();
  }

  @Nested
  class Patterns {
    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource({
      "/workspace//src/**/, /workspace/src/**",
      "/, /",
      "/**, /**",
      "/a/*.txt, /a/*.txt",
      "/workspace/**/test/*.ts, /workspace/**/test/*.ts"
    })
    void pathPatternsLoseEmptySegmentsAndKeepGlobs(String raw, String canonical) {
      assertThat(TargetKind.PATH.canonicalisePattern(raw)).isEqualTo(canonical);
    }

    @Test
    void pathPatternWithDotDotSegmentIsInvalid() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> TargetKind.PATH.canonicalisePattern("/workspace/../etc/**"))
          .withMessage("pattern '/workspace/../etc/**' must not contain '.' or '..' segments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/workspace/./x", "/workspace/..", "workspace/**", "**", "/a\0/**"})
    void pathPatternsThatAreRelativeOrHaveDotSegmentsOrNulAreInvalid(String raw) {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> TargetKind.PATH.canonicalisePattern(raw));
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource({
      "HTTPS://API.Example.COM:443/v1//**, https://api.example.com/v1/**",
      "https://*.Example.com/**, https://*.example.com/**",
      "http://localhost:08080/*, http://localhost:8080/*",
      "http://localhost:*/**, http://localhost:*/**",
      "https://example.com, https://example.com",
      "https://example.com?q=*, https://example.com/?q=*",
      "https://example.com/%7e*/%2f, https://example.com/~*/%2F",
      "https://user@Example.com/x, https://user@example.com/x"
    })
    void urlPatternsAreCanonicalisedLikeTargets(String raw, String canonical) {
      assertThat(TargetKind.URL.canonicalisePattern(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://example.com/v1/%2e%2e/**",
          "https://example.com/v1/../**",
          "https://example.com/./x",
          "https://**.example.com/**",
          "https://example.com/x#frag",
          "https:///x",
          "example.com/**",
          "*://example.com/**",
          "https://example.com/%2",
          "https://example.com/%G1",
          "https://example.com/\n"
        })
    void malformedUrlPatternsAreInvalid(String raw) {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> TargetKind.URL.canonicalisePattern(raw));
    }

    @Test
    void namePatternsAreKeptAsGiven() {
      assertThat(TargetKind.NAME.canonicalisePattern("mcp:github/*")).isEqualTo("mcp:github/*");
    }

    @Test
    void namePatternWithControlCharacterIsInvalid() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> TargetKind.NAME.canonicalisePattern("tool\u0007"))
          .withMessage("a name pattern must not contain control characters");
    }
  }
}
