package dev.arcpekko.cluster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.event.LogLevel;
import dev.arcpekko.protocol.event.MetricBody;
import dev.arcpekko.runtime.agent.Authorization;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import dev.arcpekko.runtime.agent.ToolCall;

/**
 * {@code authority@1.0.0} exercises the lease from inside a job, after sleeping {@code input.sleep_ms}
 * and reporting the cost {@code input.spend = {amount, currency}}: each of {@code input.operations =
 * [[capability, target], …]} is authorized, each of {@code input.tool_calls = [{tool, args,
 * capability?, target?}, …]} is called (an allowed call succeeds with {@code {"ok": true}}, a denied
 * one is logged and skipped, as in spec 1.0 §13.4) and each of {@code input.models} is asked for. The
 * result lists the answers, {@code "ALLOWED"} or the error code, under the same three keys.
 */
final class AuthorityProbe extends SingleVersionAgent {
  AuthorityProbe() {
    super("authority", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) throws InterruptedException {
    JsonNode input = context.input();
    Thread.sleep(input.path("sleep_ms").asLong(0));
    JsonNode spend = input.path("spend");
    if (spend.isObject()) {
      context.emit(MetricBody.of("cost.probe", spend.path("amount").decimalValue(), spend.path("currency").asText()));
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    ArrayNode operations = result.putArray("operations");
    input.path("operations").forEach(operation ->
        operations.add(answer(context.authorize(operation.path(0).asText(), operation.path(1).asText()))));
    ArrayNode toolCalls = result.putArray("tool_calls");
    for (JsonNode call : input.path("tool_calls")) {
      String tool = call.path("tool").asText();
      ToolCall made = call.has("capability")
          ? context.callTool(tool, call.path("args"), call.path("capability").asText(), call.path("target").asText())
          : context.callTool(tool, call.path("args"));
      if (made.isAllowed()) {
        made.succeeded(JsonNodeFactory.instance.objectNode().put("ok", true));
      } else {
        context.log(LogLevel.WARN, "Skipping unauthorized " + tool);
      }
      toolCalls.add(answer(made.authorization()));
    }
    ArrayNode models = result.putArray("models");
    input.path("models").forEach(model -> models.add(answer(context.useModel(model.asText()))));
    return result;
  }

  private static String answer(Authorization authorization) {
    return authorization instanceof Authorization.Denied denied ? denied.error().code().name() : "ALLOWED";
  }
}
