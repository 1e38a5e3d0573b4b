package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.event.MetricBody;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.Authorization;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import java.math.BigDecimal;

/**
 * {@code spender@1.0.0}: input {@code {calls, cost, currency, tool}}. Per call it asks
 * {@code authorize("tool.call", tool)} and then reports the metric {@code cost.<tool>} = {@code cost}
 * in {@code currency}. Once a call is refused with {@code BUDGET_EXHAUSTED} it stops with
 * {@code {"calls_made": n, "exhausted": true}}; otherwise it ends with
 * {@code {"calls_made": calls, "exhausted": false}}. Any other refusal fails the job with its code.
 */
public final class SpenderAgent extends SingleVersionAgent {
  private record Input(long calls, BigDecimal cost, String currency, String tool) {}

  public SpenderAgent() {
    super("spender", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) throws AgentFailure {
    Input input = ExampleInput.read(context.input(), in -> new Input(in.requireLong("calls", 0),
        in.requireNumber("cost"), in.requireString("currency"), in.requireString("tool")));
    for (long made = 0; made < input.calls(); made++) {
      Authorization answer = context.authorize("tool.call", input.tool());
      if (answer instanceof Authorization.Denied denied) {
        if (denied.error().code() == ErrorCode.BUDGET_EXHAUSTED) {
          return JsonObjectWriter.create().put("calls_made", made).put("exhausted", true).node();
        }
        throw new AgentFailure(denied.error());
      }
      context.emit(MetricBody.of("cost." + input.tool(), input.cost(), input.currency()));
    }
    return JsonObjectWriter.create().put("calls_made", input.calls()).put("exhausted", false).node();
  }
}
