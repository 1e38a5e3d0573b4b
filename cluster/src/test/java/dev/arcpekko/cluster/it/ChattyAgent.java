package dev.arcpekko.cluster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arcpekko.protocol.event.LogLevel;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;

/**
 * {@code chatty@1.0.0}: emits {@code input.count} log events {@code "line <i>"} (1-based; followed
 * by a space and {@code input.pad} x's when given) as fast as the runtime takes them, or every
 * {@code input.interval_ms}; stops early when cancelled. Result {@code {"lines": n}}. Registered
 * through {@code META-INF/services}, so in-process and process test nodes both offer it.
 */
public final class ChattyAgent extends SingleVersionAgent {
  public ChattyAgent() {
    super("chatty", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    long count = context.input().path("count").asLong(10);
    long interval = context.input().path("interval_ms").asLong(0);
    int pad = context.input().path("pad").asInt(0);
    String padding = pad > 0 ? " " + "x".repeat(pad) : "";
    long line = 0;
    while (line < count && !context.isCancelled()) {
      context.log(LogLevel.INFO, "line " + ++line + padding);
      if (interval > 0) {
        Thread.sleep(interval);
      }
    }
    return JsonNodeFactory.instance.objectNode().put("lines", line);
  }
}
