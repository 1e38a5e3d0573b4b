package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.ToolCallBody;
import dev.arcpekko.protocol.event.ToolResultBody;
import dev.arcpekko.protocol.ids.Ids;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool call of an agent, surfaced on the wire (spec 1.0 §13.4): {@link JobContext#callTool}
 * emits its {@code tool_call} and authorizes it. A denied call already has its {@code tool_result}
 * with the error; the agent decides what to do next and the job goes on. An allowed call is the
 * agent's to make, and it reports the outcome with {@link #succeeded} or {@link #failed}, once.
 * Used on the agent's thread only.
 */
public final class ToolCall {
  private final JobContext context;
  private final String callId;
  private final Authorization authorization;
  private boolean reported;

  private ToolCall(JobContext context, String callId, Authorization authorization) {
    this.context = context;
    this.callId = callId;
    this.authorization = authorization;
    this.reported = !authorization.isAllowed();
  }

  /** Emits the {@code tool_call}, checks {@code capability} on {@code target} and reports a denial. */
  static ToolCall open(JobContext context, String tool, JsonNode args, String capability, String target) {
    Objects.requireNonNull(args, "args");
    String callId = Ids.toolCall();
    context.emit(new ToolCallBody(tool, Optional.of(args), callId));
    Authorization answer = context.authorize(capability, target);
    if (answer instanceof Authorization.Denied denied) {
      context.emit(ToolResultBody.failure(callId, denied.error()));
    }
    return new ToolCall(context, callId, answer);
  }

  /** The runtime-generated {@code call_id} ({@code call_<ULID>}). */
  public String callId() {
    return callId;
  }

  /** Whether the lease allowed the call, and if not, why. */
  public Authorization authorization() {
    return authorization;
  }

  public boolean isAllowed() {
    return authorization.isAllowed();
  }

  /**
   * Reports what the tool returned: {@code tool_result {call_id, result}}.
   *
   * @throws IllegalStateException if the call was denied or its outcome is already reported
   */
  public void succeeded(JsonNode result) {
    report(ToolResultBody.success(callId, Objects.requireNonNull(result, "result")));
  }

  /**
   * Reports that the tool itself failed: {@code tool_result {call_id, error}}.
   *
   * @throws IllegalStateException if the call was denied or its outcome is already reported
   */
  public void failed(ErrorPayload error) {
    report(ToolResultBody.failure(callId, Objects.requireNonNull(error, "error")));
  }

  private void report(ToolResultBody result) {
    if (reported) {
      throw new IllegalStateException("tool call " + callId + " already has its tool_result");
    }
    reported = true;
    context.emit(result);
  }
}
