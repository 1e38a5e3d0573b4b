package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.Authorization;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;

/**
 * {@code reader@1.0.0}: input {@code {path}}. Asks {@code authorize("fs.read", path)}; a refusal
 * fails the job with its code ({@code PERMISSION_DENIED}, {@code LEASE_EXPIRED},
 * {@code BUDGET_EXHAUSTED}), an allowed read returns {@code {"read": path}} with the path exactly as
 * given. It reads nothing: it shows what the lease lets through.
 */
public final class ReaderAgent extends SingleVersionAgent {

  public ReaderAgent() {
    super("reader", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) throws AgentFailure {
    String path = ExampleInput.read(context.input(), in -> in.requireString("path"));
    if (context.authorize("fs.read", path) instanceof Authorization.Denied denied) {
      throw new AgentFailure(denied.error());
    }
    return JsonObjectWriter.create().put("read", path).node();
  }
}
