package dev.arcpekko.runtime.agent.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.ResultStream;
import dev.arcpekko.runtime.agent.SingleVersionAgent;

/**
 * {@code streamer@1.0.0}: input {@code {chunks, chunk_size}} (integers ≥ 0, {@code chunk_size} at
 * most 2 MiB so that it can go beyond the 1 MiB chunk cap, which then ends the job). Streams its result as {@code chunks} utf8 {@code result_chunk} events, chunk
 * {@code i} being the letter {@code 'a' + i % 26} repeated {@code chunk_size} times; the
 * {@code job.result} carries the {@code result_id} and {@code result_size = chunks × chunk_size}.
 * Needs the {@code result_chunk} feature.
 */
public final class StreamerAgent extends SingleVersionAgent {

  private static final long MAX_CHUNK_SIZE = 2L * ResultStream.MAX_CHUNK_BYTES;

  private record Input(long chunks, int chunkSize) {}

  public StreamerAgent() {
    super("streamer", "1.0.0");
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    Input input = ExampleInput.read(context.input(), in -> {
      long chunkSize = in.requireLong("chunk_size", 0);
      if (chunkSize > MAX_CHUNK_SIZE) {
        throw ProtocolViolation.invalid(in.pathOf("chunk_size") + ": must be at most " + MAX_CHUNK_SIZE
            + ", got " + chunkSize);
      }
      return new Input(in.requireLong("chunks", 0), (int) chunkSize);
    });
    ResultStream result = context.openResult();
    for (long i = 0; i < input.chunks(); i++) {
      if (context.isCancelled()) {
        throw new InterruptedException("job cancelled");
      }
      result.write(String.valueOf((char) ('a' + i % 26)).repeat(input.chunkSize()));
    }
    result.summary(input.chunks() + " chunks of " + input.chunkSize() + " bytes");
    return null;
  }
}
