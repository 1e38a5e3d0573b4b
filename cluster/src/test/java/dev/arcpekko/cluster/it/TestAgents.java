package dev.arcpekko.cluster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arcpekko.protocol.event.ChunkEncoding;
import dev.arcpekko.protocol.event.ResultChunkBody;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.Authorization;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Agents that misbehave on purpose, to test the runtime's watchdogs. ({@link ChattyAgent} is found
 * by {@code ServiceLoader}, so that node processes started by tests offer it too.)
 */
final class TestAgents {
  private TestAgents() {}

  static List<Agent> all() {
    return List.of(new Stubborn(), new Silent(), new Probe(), new Mixer(), new AuthorityProbe(), new RelayAgent());
  }

  /** Ignores cancellation and interrupts for {@code input.ms} milliseconds. */
  static final class Stubborn extends SingleVersionAgent {
    Stubborn() {
      super("stubborn", "1.0.0");
    }

    @Override
    public JsonNode run(JobContext context) {
      long until = System.nanoTime() + Duration.ofMillis(context.input().path("ms").asLong(5000)).toNanos();
      while (System.nanoTime() < until) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException ignored) {
          // deliberately ignores the cancel signal
        }
      }
      return JsonNodeFactory.instance.textNode("finished anyway");
    }
  }

  /** Declares a 200 ms heartbeat timeout, then stays silent for {@code input.ms}. */
  static final class Silent extends SingleVersionAgent {
    Silent() {
      super("silent", "1.0.0");
    }

    @Override
    public Optional<Duration> heartbeatTimeout() {
      return Optional.of(Duration.ofMillis(200));
    }

    @Override
    public JsonNode run(JobContext context) throws InterruptedException {
      Thread.sleep(context.input().path("ms").asLong(5000));
      return JsonNodeFactory.instance.nullNode();
    }
  }

  /**
   * Reports what its {@link JobContext} says, after sleeping {@code input.sleep_ms} (default 0):
   * {@code input.authorize = [capability, target]} is
   * checked with {@code authorize}; {@code input.progress = true} emits one progress event (which
   * throws when the session did not negotiate {@code progress}); {@code input.progress_of =
   * [current, total?]} calls {@code progress} with them and reports an {@link
   * IllegalArgumentException} as {@code progress_refused}; {@code input.emit_chunk = true} emits a
   * {@code result_chunk} body directly and reports the refusal as {@code chunk_refused}.
   */
  static final class Probe extends SingleVersionAgent {
    Probe() {
      super("probe", "1.0.0");
    }

    @Override
    public JsonNode run(JobContext context) throws InterruptedException {
      var result = JsonNodeFactory.instance.objectNode();
      Thread.sleep(context.input().path("sleep_ms").asLong(0));
      JsonNode authorize = context.input().path("authorize");
      if (authorize.isArray()) {
        Authorization answer = context.authorize(authorize.path(0).asText(), authorize.path(1).asText());
        result.put("allowed", answer.isAllowed());
        if (answer instanceof Authorization.Denied denied) {
          result.put("code", denied.error().code().name());
        }
      }
      if (context.input().path("progress").asBoolean()) {
        context.progress(1, OptionalLong.empty());
      }
      JsonNode progressOf = context.input().path("progress_of");
      if (progressOf.isArray()) {
        try {
          context.progress(progressOf.path(0).asLong(),
              progressOf.has(1) ? OptionalLong.of(progressOf.path(1).asLong()) : OptionalLong.empty());
        } catch (IllegalArgumentException refused) {
          result.put("progress_refused", refused.getMessage());
        }
      }
      if (context.input().path("emit_chunk").asBoolean()) {
        try {
          context.emit(new ResultChunkBody("res_forged", 0, "x", ChunkEncoding.UTF8, false));
        } catch (IllegalArgumentException refused) {
          result.put("chunk_refused", refused.getMessage());
        }
      }
      return result;
    }
  }

  /** Opens a result stream, writes one chunk, then returns an inline result as well. */
  static final class Mixer extends SingleVersionAgent {
    Mixer() {
      super("mixer", "1.0.0");
    }

    @Override
    public JsonNode run(JobContext context) throws AgentFailure {
      context.openResult().write("streamed");
      return JsonNodeFactory.instance.textNode("inline");
    }
  }
}
