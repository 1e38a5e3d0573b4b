package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import dev.arcpekko.runtime.agent.JobContext;

/**
 * {@code failer@1.0.0}: always throws an ordinary exception, which the runtime reports as
 * {@code job.error} {@code INTERNAL_ERROR} with {@code retryable: true}; useful to exercise a
 * client's error path.
 */
public final class FailerAgent extends SingleVersionAgent {

  public FailerAgent() {
    super("failer", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) {
    throw new IllegalStateException("failer always fails");
  }
}
