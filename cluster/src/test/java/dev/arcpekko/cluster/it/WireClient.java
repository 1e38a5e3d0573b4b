package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw ARCP client over a real socket (java.net.http's WebSocket) for integration tests: it sends
 * hand-written frames and hands back every frame it receives, in order, as JSON.
 */
final class WireClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private String sessionId;

  private WireClient(URI uri) throws Exception {
    socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
  }

  static WireClient connect(URI uri) throws Exception {
    return new WireClient(uri);
  }

  /** Opens a session with {@code token} offering {@code features}; returns the welcome. */
  JsonNode hello(String token, String... features) {
    return welcome(sendRaw(envelope("session.hello", helloPayload(token, features))));
  }

  /** A {@code session.hello} payload authenticating with {@code token} and offering {@code features}. */
  static ObjectNode helloPayload(String token, String... features) {
    ObjectNode payload = JSON.createObjectNode();
    payload.putObject("client").put("name", "wire-test").put("version", "1.0.0");
    payload.putObject("auth").put("scheme", "bearer").put("token", token);
    var caps = payload.putObject("capabilities");
    caps.putArray("encodings").add("json");
    var list = caps.putArray("features");
    for (String feature : features) {
      list.add(feature);
    }
    return payload;
  }

  /** Reads the welcome that answers the hello (or resume) with id {@code helloId}. */
  JsonNode welcome(String helloId) {
    JsonNode welcome = next();
    assertThat(welcome.path("type").asText()).as("answer to hello %s: %s", helloId, welcome)
        .isEqualTo("session.welcome");
    sessionId = welcome.path("session_id").asText();
    return welcome;
  }

  String sessionId() {
    return sessionId;
  }

  /** A frame of {@code type} on this client's session. */
  ObjectNode envelope(String type, JsonNode payload) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("arcp", "1.1").put("id", "msg_" + UUID.randomUUID().toString().replace("-", "")).put("type", type);
    if (sessionId != null) {
      frame.put("session_id", sessionId);
    }
    frame.set("payload", payload);
    return frame;
  }

  /** Sends a frame; returns its envelope id. */
  String sendRaw(ObjectNode frame) {
    send(frame.toString());
    return frame.path("id").asText();
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** Submits {@code agent} with {@code input}; returns the submit's envelope id. */
  String submit(String agent, JsonNode input) {
    ObjectNode payload = JSON.createObjectNode().put("agent", agent);
    payload.set("input", input);
    return sendRaw(envelope("job.submit", payload));
  }

  /** The next frame that is not a ping. */
  JsonNode next() {
    try {
      while (true) {
        JsonNode frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(frame).as("a frame within %s", WAIT).isNotNull();
        if (!"session.ping".equals(frame.path("type").asText())) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Frames up to and including the first that matches {@code last}. */
  List<JsonNode> until(Predicate<JsonNode> last) {
    List<JsonNode> seen = new ArrayList<>();
    while (true) {
      JsonNode frame = next();
      seen.add(frame);
      if (last.test(frame)) {
        return seen;
      }
    }
  }

  /** Frames up to and including the terminal frame of {@code jobId}. */
  List<JsonNode> untilTerminal(String jobId) {
    return until(frame -> jobId.equals(frame.path("job_id").asText())
        && (frame.path("type").asText().equals("job.result") || frame.path("type").asText().equals("job.error")));
  }

  /** Whether nothing but pings arrives within {@code quiet}. */
  boolean staysQuiet(Duration quiet) throws InterruptedException {
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (frame != null && !"session.ping".equals(frame.path("type").asText())) {
        frames.add(frame);
        return false;
      }
    }
    return true;
  }

  /** Waits for the server to close the socket; returns the close status. */
  int awaitClose() throws Exception {
    return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the socket without a close handshake, like a client that lost its network. */
  void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          frames.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          frames.add(JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString()));
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
