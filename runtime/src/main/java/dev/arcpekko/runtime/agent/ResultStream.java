package dev.arcpekko.runtime.agent;

/**
 * A job's result streamed as {@code result_chunk} events (spec 1.1 §8.4), from
 * {@link JobContext#openResult()}. Each {@code write} is one chunk; a chunk goes out once the next
 * one is written (so that only the last carries {@code more: false}). The stream ends when the
 * agent's {@code run} returns {@code null}: the runtime sends the last chunk and ends the job with
 * {@code job.result {result_id, result_size, summary?}}. Returning anything else is an inline
 * result after chunks, which the runtime refuses with {@code INTERNAL_ERROR}.
 *
 * <p>A chunk may hold at most 1 MiB of decoded bytes and the whole result at most
 * {@code arcp.result-stream.max-total-bytes}; a write beyond either throws
 * {@link IllegalStateException} and the job ends with {@code INTERNAL_ERROR} whatever the agent
 * does next.
 */
public interface ResultStream {

  /** The largest chunk, in decoded bytes. */
  int MAX_CHUNK_BYTES = 1024 * 1024;

  /** The runtime-generated {@code result_id} ({@code res_} + ULID). */
  String resultId();

  /** Writes {@code text} as one {@code utf8} chunk. */
  void write(String text);

  /** Writes {@code data} as one {@code base64} chunk. */
  void write(byte[] data);

  /** Sets the {@code summary} the terminating {@code job.result} carries; the last call wins. */
  void summary(String summary);

  /** The decoded bytes written so far; the {@code result_size} if the agent returned now. */
  long size();
}
