package dev.arcpekko.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process contract of the main: exit statuses and what it prints before any node starts. */
class ArcpNodeTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void withoutATokenTheNodeExitsWithStatus2AndSaysHowToConfigureOne() {
    int status = run(Map.of(), "--port", "0");

    assertThat(status).isEqualTo(2);
    assertThat(text(err)).startsWith("arcp-runtime: refusing to start: no bearer token")
        .contains("--tokens FILE", "ARCP_TOKENS=\"secret=alice\"");
    assertThat(text(out)).isEmpty();
  }

  @Test
  void anUnknownFlagPrintsTheUsageAndExitsWithStatus2() {
    int status = run(Map.of("ARCP_TOKENS", "t=alice"), "--bogus");

    assertThat(status).isEqualTo(2);
    assertThat(text(err)).startsWith("arcp-runtime: unknown option: --bogus")
        .contains("Usage: arcp-runtime [options]");
    assertThat(text(out)).isEmpty();
  }

  @Test
  void anInvalidValueExitsWithStatus2WithoutTheUsage() {
    int status = run(Map.of("ARCP_TOKENS", "t=alice"), "--port", "http");

    assertThat(status).isEqualTo(2);
    assertThat(text(err))
        .isEqualTo("arcp-runtime: --port: expected a port number (0-65535), got 'http'"
            + System.lineSeparator());
  }

  @Test
  void helpPrintsTheUsageOnStdoutAndExitsWithStatus0() {
    int status = run(Map.of(), "--help");

    assertThat(status).isZero();
    assertThat(text(out)).startsWith("Usage: arcp-runtime [options]");
    assertThat(text(err)).isEmpty();
  }

  private int run(Map<String, String> environment, String... args) {
    return ArcpNode.run(args, environment, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
