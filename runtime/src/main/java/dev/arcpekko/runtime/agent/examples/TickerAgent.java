package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ticker@1.0.0}: input {@code {count, interval_ms?}} (integers ≥ 0, {@code interval_ms}
 * defaults to 100). Every {@code interval_ms} it emits {@code progress} with {@code current} 1 to
 * {@code count} out of {@code total = count} and checkpoints {@code {"tick": n}}; it returns
 * {@code {"ticks": count}}. Restartable: a re-run resumes after the last checkpointed tick.
 */
public final class TickerAgent extends SingleVersionAgent {

  private static final Logger log = LoggerFactory.getLogger(TickerAgent.class);
  private static final long DEFAULT_INTERVAL_MS = 100;

  private record Input(long count, long intervalMs) {}

  public TickerAgent() {
    super("ticker", "1.0.0");
  }

  @Override
  public boolean restartable() {
    return true;
  }

  @Override
  public JsonNode run(JobContext context) throws AgentFailure, InterruptedException {
    Input input = ExampleInput.read(context.input(), in -> new Input(
        in.requireLong("count", 0), in.optionalLong("interval_ms", 0).orElse(DEFAULT_INTERVAL_MS)));
    long done = context.lastCheckpoint().map(TickerAgent::tickOf).orElse(0L);
    if (done > 0) {
      log.debug("job {} attempt {} resumes after tick {}", context.jobId(), context.attempt(), done);
    }
    for (long tick = done + 1; tick <= input.count(); tick++) {
      CancellableSleep.sleep(context, input.intervalMs());
      if (context.supports(Feature.PROGRESS)) {
        context.progress(tick, OptionalLong.of(input.count()));
      }
      context.checkpoint(JsonObjectWriter.create().put("tick", tick).node());
    }
    return JsonObjectWriter.create().put("ticks", input.count()).node();
  }

  /*
   * Only this agent writes its checkpoints, so a malformed one is a runtime fault: the reader's
   * exception ends the job with INTERNAL_ERROR rather than blaming the client's input.
   */
  private static long tickOf(JsonNode checkpoint) {
    return JsonObjectReader.of(checkpoint, "checkpoint").requireLong("tick", 0);
  }
}
