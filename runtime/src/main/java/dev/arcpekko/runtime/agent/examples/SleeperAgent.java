package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.JobContext;
import java.util.OptionalLong;

/**
 * {@code sleeper@1.0.0}: input {@code {ms?}} (integer ≥ 0) or none. Waits {@code ms} milliseconds
 * and returns {@code {"slept_ms": ms}}; without {@code ms} it waits until the job is cancelled, which
 * makes it the agent to test cancellation, timeouts and lease expiry with.
 */
public final class SleeperAgent extends SingleVersionAgent {

  public SleeperAgent() {
    super("sleeper", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) throws AgentFailure, InterruptedException {
    OptionalLong ms = context.input().isNull()
        ? OptionalLong.empty()
        : ExampleInput.read(context.input(), in -> in.optionalLong("ms", 0));
    CancellableSleep.sleep(context, ms.orElse(Long.MAX_VALUE));
    // Only reached when ms was given: without it the sleep ends by cancellation alone.
    return JsonObjectWriter.create().put("slept_ms", ms.getAsLong()).node();
  }
}
