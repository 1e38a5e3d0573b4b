package dev.arcpekko.runtime.transport;

import dev.arcpekko.runtime.RuntimeServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;

/**
 * ARCP over standard streams: one JSON envelope per line (newline-delimited JSON). Lines above the
 * size limit are skipped to their end and answered with {@code INVALID_REQUEST}; blank lines are
 * ignored. The session ends when input ends.
 */
public final class StdioTransport {
  private StdioTransport() {}

  /** Serves one ARCP connection on {@code in}/{@code out}; completes when the output is closed. */
  public static CompletionStage<Done> serve(RuntimeServices services, InputStream in, OutputStream out) {
    Pair<SourceQueueWithComplete<InboundFrame>, Source<InboundFrame, NotUsed>> inbound =
        Source.<InboundFrame>queue(16, OverflowStrategy.backpressure()).preMaterialize(services.system());
    startReader(new LineReader(in, services.settings().maxFrameBytes()), inbound.first());
    return inbound.second()
        .via(TransportStreams.connectionFlow(services))
        .map(frame -> ByteString.fromString(frame + "\n", StandardCharsets.UTF_8))
        .runWith(StreamConverters.fromOutputStream(() -> out, true), services.system())
        .thenApply(result -> Done.getInstance());
  }

  /**
   * Reads input on its own daemon thread: a read blocked on an idle stdin must never hold a stream
   * stage (or the actor system's shutdown) hostage. Offers wait for the stream, so a slow session
   * slows the reader instead of growing a buffer.
   */
  private static void startReader(LineReader reader, SourceQueueWithComplete<InboundFrame> queue) {
    Thread thread = new Thread(() -> {
      try {
        Optional<InboundFrame> frame;
        while ((frame = reader.next()).isPresent()) {
          if (queue.offer(frame.get()).toCompletableFuture().join() != QueueOfferResult.enqueued()) {
            return;
          }
        }
        queue.complete();
      } catch (IOException | RuntimeException e) {
        queue.fail(e);
      }
    }, "arcp-stdio-reader");
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads newline-terminated frames, never holding more than the limit of one line. */
  static final class LineReader {
    private final InputStream in;
    private final int maxBytes;

    LineReader(InputStream in, int maxBytes) {
      this.in = new java.io.BufferedInputStream(in);
      this.maxBytes = maxBytes;
    }

    Optional<InboundFrame> next() throws IOException {
      while (true) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long size = 0;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
          size++;
          if (size <= maxBytes) {
            line.write(b);
          }
        }
        if (b == -1 && size == 0) {
          return Optional.empty();
        }
        if (size > maxBytes) {
          return Optional.of(new InboundFrame.Oversized(size));
        }
        String text = line.toString(StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
          return Optional.of(new InboundFrame.Text(text));
        }
        if (b == -1) {
          return Optional.empty();
        }
      }
    }
  }
}
