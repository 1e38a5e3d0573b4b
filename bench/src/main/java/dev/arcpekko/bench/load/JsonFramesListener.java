package dev.arcpekko.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A load client's WebSocket listener: reassembles text frames, parses each as JSON and hands it
 * to {@link #handle}; a parse or transport failure goes to {@link #failed}.
 */
abstract class JsonFramesListener implements WebSocket.Listener {
  static final ObjectMapper JSON = new ObjectMapper();
  private final StringBuilder partial = new StringBuilder();

  /** An ARCP envelope of {@code type}, on {@code sessionId} when it is known. */
  static ObjectNode frame(String type, String sessionId) {
    ObjectNode frame = JSON.createObjectNode().put("arcp", "1.1").put("id", "msg_" + UUID.randomUUID())
        .put("type", type);
    if (sessionId != null) {
      frame.put("session_id", sessionId);
    }
    return frame;
  }

  abstract void handle(JsonNode frame);

  abstract void failed(Throwable failure);

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        handle(JSON.readTree(partial.toString()));
      } catch (Exception e) {
        failed(e);
      }
      partial.setLength(0);
    }
    socket.request(1);
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    failed(error);
  }
}
