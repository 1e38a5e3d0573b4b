package dev.arcpekko.runtime.agent;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.ChunkEncoding;
import dev.arcpekko.protocol.event.ResultChunkBody;
import dev.arcpekko.protocol.message.JobResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The runtime's {@link ResultStream}: numbers the writes as {@code result_chunk} bodies, holds the
 * latest back until the next write or {@link #finish()} (which marks it {@code more: false}),
 * enforces the caps and remembers a cap violation. Public so that test contexts stream exactly as
 * the runtime does; one agent thread uses it.
 */
public final class ResultChunker implements ResultStream {
  private final String resultId;
  private final long maxTotalBytes;
  private final Consumer<ResultChunkBody> sink;
  private ResultChunkBody held;
  private long nextSeq;
  private long size;
  private Optional<String> summary = Optional.empty();
  private Optional<ErrorPayload> failure = Optional.empty();

  /** A stream {@code resultId} of at most {@code maxTotalBytes} that hands chunks to {@code sink}. */
  public ResultChunker(String resultId, long maxTotalBytes, Consumer<ResultChunkBody> sink) {
    this.resultId = Objects.requireNonNull(resultId, "resultId");
    this.maxTotalBytes = maxTotalBytes;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public String resultId() {
    return resultId;
  }

  @Override
  public void write(String text) {
    append(text, ChunkEncoding.UTF8, text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Override
  public void write(byte[] data) {
    append(Base64.getEncoder().encodeToString(data), ChunkEncoding.BASE64, data.length);
  }

  @Override
  public void summary(String text) {
    summary = Optional.of(text);
  }

  @Override
  public long size() {
    return size;
  }

  /** The cap violation that ends the job, once a write went beyond a cap. */
  public Optional<ErrorPayload> failure() {
    return failure;
  }

  /**
   * Sends the last chunk with {@code more: false} (an empty one when nothing was written, so that
   * every streamed result has a final chunk) and returns the terminating {@code job.result}.
   */
  public JobResult finish() {
    ResultChunkBody last = held == null
        ? new ResultChunkBody(resultId, 0, "", ChunkEncoding.UTF8, false)
        : new ResultChunkBody(resultId, held.chunkSeq(), held.data(), held.encoding(), false);
    held = null;
    sink.accept(last);
    return JobResult.streamed(resultId, size, summary);
  }

  private void append(String data, ChunkEncoding encoding, long bytes) {
    failure.ifPresent(error -> {
      throw new IllegalStateException(error.message());
    });
    if (bytes > MAX_CHUNK_BYTES) {
      fail("a result chunk of " + bytes + " bytes exceeds the " + MAX_CHUNK_BYTES + "-byte chunk cap");
    }
    if (size + bytes > maxTotalBytes) {
      fail("the streamed result would exceed " + maxTotalBytes + " bytes (arcp.result-stream.max-total-bytes)");
    }
    if (held != null) {
      sink.accept(held);
    }
    held = new ResultChunkBody(resultId, nextSeq++, data, encoding, true);
    size += bytes;
  }

  private void fail(String message) {
    ErrorPayload error = ErrorPayload.of(ErrorCode.INTERNAL_ERROR, message);
    failure = Optional.of(error);
    throw new IllegalStateException(message);
  }
}
