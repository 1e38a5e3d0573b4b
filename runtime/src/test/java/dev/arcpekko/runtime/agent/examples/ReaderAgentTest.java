package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReaderAgentTest {
  private static final Map<String, List<String>> LEASE = Map.of("fs.read", List.of("/workspace/**"));
  private final ReaderAgent reader = new ReaderAgent();

  private static RecordingJobContext reading(String path) {
    return RecordingJobContext.firstRun("reader@1.0.0", Json.parse("{'path': '" + path + "'}")).underLease(LEASE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/workspace/a.txt", "/workspace//src/./b.txt", "/workspace/src/../c.txt"})
  void anAllowedReadEchoesThePathExactlyAsGiven(String path) throws Exception {
    RecordingJobContext context = reading(path);

    assertThat(reader.run(context)).isEqualTo(Json.parse("{'read': '" + path + "'}"));
    assertThat(context.events()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/workspace/../etc/passwd", "/workspace/a/../../etc/passwd", "/etc/passwd", "workspace/a"})
  void aRefusedReadFailsTheJobWithPermissionDenied(String path) {
    assertThatThrownBy(() -> reader.run(reading(path))).isInstanceOfSatisfying(AgentFailure.class, failure -> {
      assertThat(failure.error().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
      assertThat(failure.error().retryable()).isFalse();
    });
  }

  @Test
  void aMissingPathIsAnInvalidRequest() {
    InvalidInput.assertRefused(reader, "{}", "input.path: required field is missing");
  }
}
