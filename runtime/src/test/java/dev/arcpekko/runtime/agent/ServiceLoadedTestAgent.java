package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;

/** An agent found only through {@code META-INF/services} on the test classpath. */
public final class ServiceLoadedTestAgent implements Agent {

  @Override
  public String name() {
    return "service-loaded";
  }

  @Override
  public List<String> versions() {
    return List.of("0.1.0");
  }

  @Override
  public String defaultVersion() {
    return "0.1.0";
  }

  @Override
  public JsonNode run(JobContext context) {
    return NullNode.getInstance();
  }
}
