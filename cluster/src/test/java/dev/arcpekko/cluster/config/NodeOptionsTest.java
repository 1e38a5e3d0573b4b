package dev.arcpekko.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command line: flag forms, errors, and the usage text and documentation that list it. */
class NodeOptionsTest {

  @Test
  void flagsTakeTheirValueAfterASpaceOrAnEqualsSign() {
    NodeOptions options = NodeOptions.parse("--port", "8080", "--host=0.0.0.0", "--stdio",
        "--config", "node.conf");

    assertThat(options.flags()).isEqualTo(Map.of(
        NodeSetting.PORT, "8080", NodeSetting.HOST, "0.0.0.0", NodeSetting.STDIO, "true"));
    assertThat(options.configFile()).contains(Path.of("node.conf"));
    assertThat(options.help()).isFalse();
  }

  @Test
  void aRepeatedFlagKeepsItsLastValue() {
    assertThat(NodeOptions.parse("--port", "1", "--port", "2").flags())
        .containsEntry(NodeSetting.PORT, "2");
  }

  @Test
  void helpIsRecognisedInBothSpellings() {
    assertThat(NodeOptions.parse("--help").help()).isTrue();
    assertThat(NodeOptions.parse("-h").help()).isTrue();
    assertThat(NodeOptions.none()).isEqualTo(new NodeOptions(Map.of(), Optional.empty(), false));
  }

  @Test
  void anUnknownFlagIsAUsageErrorNamingIt() {
    assertThatThrownBy(() -> NodeOptions.parse("--port", "1", "--prot=2"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option: --prot");
  }

  @Test
  void aFlagWithoutItsValueIsAUsageError() {
    assertThatThrownBy(() -> NodeOptions.parse("--data-dir"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--data-dir needs a value");
  }

  @Test
  void aSwitchGivenAValueIsAUsageError() {
    assertThatThrownBy(() -> NodeOptions.parse("--stdio=yes"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--stdio takes no value");
  }

  @Test
  void aPositionalArgumentIsAUsageError() {
    assertThatThrownBy(() -> NodeOptions.parse("serve"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unexpected argument: serve");
  }

  @Test
  void theUsageTextListsEveryFlagWithItsEnvironmentVariable() {
    String usage = NodeOptions.usage();

    for (NodeSetting setting : NodeSetting.values()) {
      setting.flag().ifPresent(flag -> assertThat(usage).contains(flag));
      if (setting.flag().isPresent()) {
        setting.environmentVariable().ifPresent(variable -> assertThat(usage).contains(variable));
      }
    }
    assertThat(usage).contains("--config FILE", "ARCP_CONFIG", "--help", "ARCP_TOKENS");
  }

  @Test
  void theConfigurationGuideDocumentsEveryFlagVariableAndPath() throws Exception {
    // Surefire runs in the module directory.
    String guide = Files.readString(Path.of("..", "docs", "configuration.md"));

    for (NodeSetting setting : NodeSetting.values()) {
      setting.flag().ifPresent(flag -> assertThat(guide).as(setting.name()).contains("`" + flag));
      setting.environmentVariable().ifPresent(v -> assertThat(guide).as(setting.name()).contains(v));
      assertThat(guide).as(setting.name()).contains(setting.path());
    }
    assertThat(guide).contains("ARCP_CONFIG", "ARCP_TOKENS", "arcp.tokens");
  }
}
