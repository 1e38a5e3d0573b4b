package dev.arcpekko.runtime.transport;

import dev.arcpekko.runtime.RuntimeServices;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * ARCP over WebSocket: one JSON envelope per text frame at the configured path (default
 * {@code /arcp}), no subprotocol, the bearer token inside {@code session.hello}. Frames above the
 * size limit are read to the end, discarded and answered with {@code INVALID_REQUEST}.
 */
public final class WebSocketTransport {
  private WebSocketTransport() {}

  /** The route serving ARCP upgrades. */
  public static Route route(RuntimeServices services) {
    String path = services.settings().websocketPath().replaceFirst("^/+", "");
    return Directives.path(PathMatchers.separateOnSlashes(path),
        () -> Directives.handleWebSocketMessages(flow(services)));
  }

  private static Flow<Message, Message, NotUsed> flow(RuntimeServices services) {
    Materializer materializer = Materializer.matFromSystem(services.system());
    int maxBytes = services.settings().maxFrameBytes();
    return Flow.<Message>create()
        .mapAsync(1, message -> read(message, maxBytes, materializer))
        .via(TransportStreams.connectionFlow(services))
        .map(frame -> (Message) TextMessage.create(frame));
  }

  private static CompletionStage<InboundFrame> read(Message message, int maxBytes, Materializer materializer) {
    if (!message.isText()) {
      return message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer)
          .thenApply(done -> new InboundFrame.Binary());
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) {
      return CompletableFuture.completedFuture(InboundFrame.ofText(text.getStrictText(), maxBytes));
    }
    return text.getStreamedText()
        .runFold(new BoundedText(maxBytes), BoundedText::append, materializer)
        .thenApply(BoundedText::frame);
  }

  /** Accumulates a streamed text frame, keeping at most the limit and counting the rest. */
  private static final class BoundedText {
    private final int maxBytes;
    private final StringBuilder text = new StringBuilder();
    private long bytes;

    BoundedText(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    BoundedText append(String part) {
      bytes += InboundFrame.utf8Length(part);
      if (bytes <= maxBytes) {
        text.append(part);
      }
      return this;
    }

    InboundFrame frame() {
      return bytes > maxBytes ? new InboundFrame.Oversized(bytes) : new InboundFrame.Text(text.toString());
    }
  }
}
