package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.JobContext;
import java.util.List;

/**
 * {@code echo} (versions {@code 1.0.0} and {@code 2.0.0}, default {@code 2.0.0}): returns
 * {@code {"input": <input>, "version": "<resolved version>"}}, so a client can see both what it
 * sent and which version its reference resolved to.
 */
public final class EchoAgent implements Agent {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public List<String> versions() {
    return List.of("1.0.0", "2.0.0");
  }

  @Override
  public String defaultVersion() {
    return "2.0.0";
  }

  @Override
  public JsonNode run(JobContext context) {
    return JsonObjectWriter.create()
        .put("input", context.input())
        .put("version", context.agent().version().orElseThrow())
        .node();
  }
}
