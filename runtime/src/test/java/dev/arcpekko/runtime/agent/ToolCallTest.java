package dev.arcpekko.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.ToolCallBody;
import dev.arcpekko.protocol.event.ToolResultBody;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tool calls (spec 1.0 §13.4): a {@code tool_call}, then the denial or the agent's {@code tool_result}. */
class ToolCallTest {
  private final RecordingJobContext context = RecordingJobContext.firstRun("probe@1.0.0", Json.parse("null"))
      .underLease(Map.of("tool.call", List.of("search"), "fs.read", List.of("/workspace/**")));

  @Test
  void aPermittedCallEmitsItsToolCallAndTheResultTheAgentReports() {
    ToolCall call = context.callTool("search", Json.parse("{'q': 'arcp'}"));
    call.succeeded(Json.parse("{'hits': 3}"));

    assertThat(call.isAllowed()).isTrue();
    assertThat(call.callId()).startsWith("call_");
    assertThat(context.events()).containsExactly(
        new ToolCallBody("search", Optional.of(Json.parse("{'q': 'arcp'}")), call.callId()),
        ToolResultBody.success(call.callId(), Json.parse("{'hits': 3}")));
  }

  @Test
  void aDeniedCallIsAnsweredWithAToolResultCarryingTheError() {
    ToolCall call = context.callTool("shell", Json.parse("{'cmd': 'rm -rf /'}"));

    assertThat(call.authorization()).isInstanceOfSatisfying(Authorization.Denied.class,
        denied -> assertThat(denied.error().code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    assertThat(context.events()).hasSize(2);
    assertThat(context.events().get(0)).isEqualTo(
        new ToolCallBody("shell", Optional.of(Json.parse("{'cmd': 'rm -rf /'}")), call.callId()));
    assertThat(context.events().get(1)).isInstanceOfSatisfying(ToolResultBody.class, result -> {
      assertThat(result.callId()).isEqualTo(call.callId());
      assertThat(result.result()).isEmpty();
      assertThat(result.error()).hasValueSatisfying(error -> {
        assertThat(error.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(error.retryable()).isFalse();
      });
    });
  }

  @Test
  void aToolTouchingAResourceIsGatedByThatCapabilityOnItsTarget() {
    ToolCall allowed = context.callTool("fs.read", Json.parse("{'path': '/workspace/a'}"), "fs.read", "/workspace/a");
    ToolCall traversal = context.callTool("fs.read", Json.parse("{'path': '/workspace/../etc/passwd'}"), "fs.read",
        "/workspace/../etc/passwd");

    assertThat(allowed.isAllowed()).isTrue();
    assertThat(traversal.isAllowed()).isFalse();
    assertThat(allowed.callId()).isNotEqualTo(traversal.callId());
  }

  @Test
  void theAgentMayReportTheToolsOwnFailure() {
    ToolCall call = context.callTool("search", Json.parse("{}"));
    ErrorPayload failure = ErrorPayload.of(ErrorCode.INTERNAL_ERROR, "search backend down");
    call.failed(failure);

    assertThat(context.events()).last().isEqualTo(ToolResultBody.failure(call.callId(), failure));
  }

  @Test
  void anOutcomeIsReportedOnceAndNeverForADeniedCall() {
    ToolCall call = context.callTool("search", Json.parse("{}"));
    call.succeeded(Json.parse("1"));
    ToolCall denied = context.callTool("shell", Json.parse("{}"));

    assertThatThrownBy(() -> call.succeeded(Json.parse("2"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> denied.succeeded(Json.parse("2"))).isInstanceOf(IllegalStateException.class);
    assertThat(context.events()).hasSize(4);
  }
}
