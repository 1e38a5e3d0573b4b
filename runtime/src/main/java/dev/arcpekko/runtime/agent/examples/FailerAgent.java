package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.JobContext;
import java.util.List;

/**
 * {@code failer@1.0.0}: always throws an ordinary exception, which the runtime reports as
 * {@code job.error} {@code INTERNAL_ERROR} with {@code retryable: true}; useful to exercise a
 * client's error path.
 */
public final class FailerAgent implements Agent {

  @Override
  public String name() {
    return "failer";
  }

  @Override
  public List<String> versions() {
    return List.of("1.0.0");
  }

  @Override
  public String defaultVersion() {
    return "1.0.0";
  }

  @Override
  public JsonNode run(JobContext context) {
    throw new IllegalStateException("failer always fails");
  }
}
