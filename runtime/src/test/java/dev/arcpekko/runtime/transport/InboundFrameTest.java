package dev.arcpekko.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InboundFrameTest {

  @Test
  void utf8LengthCountsEncodedBytes() {
    assertThat(InboundFrame.utf8Length("abc")).isEqualTo(3);
    assertThat(InboundFrame.utf8Length("é")).isEqualTo(2);
    assertThat(InboundFrame.utf8Length("€")).isEqualTo(3);
    assertThat(InboundFrame.utf8Length("😀")).isEqualTo(4);
    String mixed = "a€😀é";
    assertThat(InboundFrame.utf8Length(mixed)).isEqualTo(mixed.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void textOverTheLimitInBytesIsOversizedEvenWhenItsCharsFit() {
    assertThat(InboundFrame.ofText("€€€", 9)).isEqualTo(new InboundFrame.Text("€€€"));
    assertThat(InboundFrame.ofText("€€€", 8)).isEqualTo(new InboundFrame.Oversized(9));
  }

  @Test
  void stdioLinesAreFramesBlankLinesAreSkippedAndLongLinesReportedWithoutBeingKept() throws Exception {
    String input = "{\"a\":1}\n\n   \n" + "x".repeat(50) + "\n{\"b\":2}";
    var reader = new StdioTransport.LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 20);
    assertThat(reader.next()).contains(new InboundFrame.Text("{\"a\":1}"));
    assertThat(reader.next()).contains(new InboundFrame.Oversized(50));
    assertThat(reader.next()).contains(new InboundFrame.Text("{\"b\":2}"));
    assertThat(reader.next()).isEmpty();
  }
}
