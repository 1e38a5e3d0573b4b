package dev.arcpekko.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.runtime.auth.BearerTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens come from a tokens file, {@code ARCP_TOKENS} and {@code arcp.tokens}; errors name the
 * place and never the token; without any token the node refuses to start.
 */
class BearerTokenConfigurationTest {

  @TempDir Path dir;

  @Test
  void theTokensFileSkipsCommentsAndBlankLines() throws Exception {
    Path file = write("tokens", """
        # operators
        s3cret-a = alice

          # indented comment
        s3cret-b=bob
        """);

    BearerTokens tokens = resolve(NodeOptions.parse("--tokens", file.toString()), Map.of());

    assertThat(tokens.principalFor("s3cret-a")).contains("alice");
    assertThat(tokens.principalFor("s3cret-b")).contains("bob");
    assertThat(tokens.principalFor("# operators")).isEmpty();
    assertThat(tokens).hasToString("BearerTokens[2 token(s)]");
  }

  @Test
  void aMalformedTokensFileLineIsNamedByNumberWithoutItsToken() throws Exception {
    Path file = write("tokens", "good=alice\n# comment\nleaked-token-without-principal\n");

    assertThatThrownBy(() -> resolve(NodeOptions.parse("--tokens", file.toString()), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("tokens file " + file + " line 3: expected token=principal")
        .message().doesNotContain("leaked-token");
  }

  @Test
  void aTokensFileLineWithoutAPrincipalIsNamedWithoutItsToken() throws Exception {
    Path file = write("tokens", "leaked-token=\n");

    assertThatThrownBy(() -> resolve(NodeOptions.parse("--tokens", file.toString()), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("line 1: expected token=principal (the principal is empty)")
        .message().doesNotContain("leaked-token");
  }

  @Test
  void aMissingTokensFileIsRefusedWithItsPath() {
    Path missing = dir.resolve("no-such-tokens");

    assertThatThrownBy(() -> resolve(NodeOptions.none(), Map.of("ARCP_TOKENS_FILE", missing.toString())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot read the tokens file " + missing);
  }

  @Test
  void arcpTokensHoldsCommaSeparatedEntries() {
    BearerTokens tokens = resolve(NodeOptions.none(), Map.of("ARCP_TOKENS", "t1=alice, t2=bob,"));

    assertThat(tokens.principalFor("t1")).contains("alice");
    assertThat(tokens.principalFor("t2")).contains("bob");
    assertThat(tokens).hasToString("BearerTokens[2 token(s)]");
  }

  @Test
  void aMalformedArcpTokensEntryIsNamedByPositionWithoutItsToken() {
    assertThatThrownBy(() -> resolve(NodeOptions.none(), Map.of("ARCP_TOKENS", "t1=alice,leaked-token")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("ARCP_TOKENS entry 2: expected token=principal")
        .message().doesNotContain("leaked-token");
  }

  @Test
  void aTokenKeepsItsBase64PaddingBecauseTheLastEqualsSignSeparatesThePrincipal() {
    BearerTokens tokens = resolve(NodeOptions.none(), Map.of("ARCP_TOKENS", "YWJjZA===alice"));

    assertThat(tokens.principalFor("YWJjZA==")).contains("alice");
  }

  @Test
  void tokensFromTheFileTheEnvironmentAndTheConfigurationAreUnited() throws Exception {
    Path file = write("tokens", "from-file=alice\n");
    Path config = write("node.conf", "arcp.tokens { \"from.config\" = carol }");

    BearerTokens tokens = resolve(
        NodeOptions.parse("--tokens", file.toString(), "--config", config.toString()),
        Map.of("ARCP_TOKENS", "from-env=bob"));

    assertThat(tokens.principalFor("from-file")).contains("alice");
    assertThat(tokens.principalFor("from-env")).contains("bob");
    assertThat(tokens.principalFor("from.config")).contains("carol");
  }

  @Test
  void theSameTokenForTheSamePrincipalInTwoPlacesCountsOnce() throws Exception {
    Path file = write("tokens", "shared=alice\n");

    BearerTokens tokens = resolve(NodeOptions.parse("--tokens", file.toString()),
        Map.of("ARCP_TOKENS", "shared=alice"));

    assertThat(tokens).hasToString("BearerTokens[1 token(s)]");
  }

  @Test
  void theSameTokenForTwoPrincipalsIsRefusedWithoutShowingIt() throws Exception {
    Path file = write("tokens", "# ops\nleaked-token=alice\n");

    assertThatThrownBy(() -> resolve(NodeOptions.parse("--tokens", file.toString()),
            Map.of("ARCP_TOKENS", "leaked-token=mallory")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("the same token is configured for two principals: 'alice' (tokens file "
            + file + " line 2) and 'mallory' (ARCP_TOKENS entry 1)")
        .message().doesNotContain("leaked-token");
  }

  @Test
  void aConfiguredTokenWhosePrincipalIsNotAStringIsRefused() throws Exception {
    Path config = write("node.conf", "arcp.tokens { leaked-token { name = alice } }");

    assertThatThrownBy(() -> resolve(NodeOptions.parse("--config", config.toString()), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the principal must be a string")
        .message().doesNotContain("leaked-token");
  }

  @Test
  void withoutAnyTokenTheNodeRefusesAndSaysHowToConfigureOne() {
    assertThatThrownBy(() -> resolve(NodeOptions.none(), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no bearer token is configured")
        .hasMessageContaining("--tokens FILE")
        .hasMessageContaining("ARCP_TOKENS=\"secret=alice\"")
        .hasMessageContaining("arcp.tokens");
  }

  @Test
  void anEmptyTokensVariableCountsAsNoToken() {
    assertThatThrownBy(() -> resolve(NodeOptions.none(), Map.of("ARCP_TOKENS", " , ")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no bearer token is configured");
  }

  private static BearerTokens resolve(NodeOptions options, Map<String, String> environment) {
    return NodeConfiguration.resolve(options, environment,
            BearerTokenConfigurationTest.class.getClassLoader())
        .tokens();
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }
}
