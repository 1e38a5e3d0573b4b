package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw ARCP client for integration tests, over a real WebSocket (java.net.http) or over a pair of
 * byte streams speaking newline-delimited JSON (stdio): it sends hand-written frames and hands back
 * every frame it receives, in order, as JSON.
 */
final class WireClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Link link;
  private final LinkedBlockingDeque<JsonNode> frames = new LinkedBlockingDeque<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private String sessionId;
  private boolean answeringPings;
  private volatile boolean reading = true;
  private int pingsSkipped;

  private WireClient(URI uri) throws Exception {
    link = new WebSocketLink(HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS));
  }

  private WireClient(InputStream fromServer, OutputStream toServer) {
    link = new StdioLink(toServer);
    Thread reader = new Thread(() -> readLines(fromServer), "wire-client-stdio-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static WireClient connect(URI uri) throws Exception {
    return new WireClient(uri);
  }

  /** A client writing lines to {@code toServer} and reading lines from {@code fromServer}. */
  static WireClient overStdio(InputStream fromServer, OutputStream toServer) {
    return new WireClient(fromServer, toServer);
  }

  /** Parses test-written JSON. */
  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test JSON does not parse: " + text, e);
    }
  }

  // ---- handshake --------------------------------------------------------------------------

  /** A {@code session.hello} frame with bearer {@code token} offering {@code features}, not yet sent. */
  ObjectNode helloFrame(String token, String... features) {
    return envelope("session.hello", helloPayload(token, features));
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

  /** Opens a session with {@code token} offering {@code features}; returns the welcome. */
  JsonNode hello(String token, String... features) {
    return welcome(sendRaw(helloFrame(token, features)));
  }

  /**
   * Resumes session {@code sessionId} with the nested {@code resume} block of {@code session.hello},
   * presenting {@code resumeToken} and the last seq this client saw; returns the welcome.
   */
  JsonNode resume(String token, String sessionId, String resumeToken, long lastEventSeq, String... features) {
    ObjectNode hello = helloFrame(token, features);
    ((ObjectNode) hello.path("payload")).putObject("resume")
        .put("session_id", sessionId)
        .put("resume_token", resumeToken)
        .put("last_event_seq", lastEventSeq);
    return welcome(sendRaw(hello));
  }

  /** Reads the answer to the hello {@code helloId} and asserts it is the welcome. */
  JsonNode welcome(String helloId) {
    JsonNode welcome = expect("session.welcome");
    sessionId = welcome.path("session_id").asText();
    return welcome;
  }

  String sessionId() {
    return sessionId;
  }

  // ---- sending ----------------------------------------------------------------------------

  /** A frame of {@code type} on this client's session (no session id before the welcome). */
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
    link.sendText(text);
  }

  /** Sends a WebSocket binary frame. */
  void sendBinary(byte[] data) {
    link.sendBinary(data);
  }

  /** Asks to cancel {@code jobId} (target in the envelope), with an optional reason. */
  String cancel(String jobId, String reason) {
    ObjectNode payload = JSON.createObjectNode();
    if (reason != null) {
      payload.put("reason", reason);
    }
    ObjectNode frame = envelope("job.cancel", payload);
    frame.put("job_id", jobId);
    return sendRaw(frame);
  }

  /** Submits {@code agent} with {@code input}; returns the submit's envelope id. */
  String submit(String agent, JsonNode input) {
    ObjectNode payload = JSON.createObjectNode().put("agent", agent);
    payload.set("input", input);
    return sendRaw(envelope("job.submit", payload));
  }

  /** Subscribes to {@code jobId} (target in the payload); returns the envelope id. */
  String subscribe(String jobId, boolean history, long fromEventSeq) {
    return sendRaw(envelope("job.subscribe", JSON.createObjectNode()
        .put("job_id", jobId).put("history", history).put("from_event_seq", fromEventSeq)));
  }

  /** Acknowledges every frame up to {@code seq}. */
  void ack(long seq) {
    sendRaw(envelope("session.ack", JSON.createObjectNode().put("last_processed_seq", seq)));
  }

  /** Stops reading from the WebSocket: the server's writes back up as they would to a stuck client. */
  void pauseReading() {
    reading = false;
  }

  /** Reads again after {@link #pauseReading()}. */
  void resumeReading() {
    reading = true;
    ((WebSocketLink) link).socket.request(1);
  }

  /** Sends {@code session.ping} with {@code nonce}. */
  void ping(String nonce) {
    sendRaw(envelope("session.ping", JSON.createObjectNode().put("nonce", nonce)
        .put("sent_at", Instant.now().toString())));
  }

  /** From now on, pings skipped while reading are answered with a pong, like a live client. */
  WireClient answeringPings() {
    answeringPings = true;
    return this;
  }

  /** How many pings reading has skipped (and answered, when {@link #answeringPings()}). */
  int pingsSkipped() {
    return pingsSkipped;
  }

  // ---- receiving --------------------------------------------------------------------------

  /** The next frame that is not a ping. */
  JsonNode next() {
    return nextWithin(WAIT).orElseThrow(() -> new AssertionError("no frame within " + WAIT));
  }

  /** The next frame that is not a ping and has {@code type}. */
  JsonNode expect(String type) {
    JsonNode frame = next();
    assertThat(frame.path("type").asText()).as("type of %s", frame).isEqualTo(type);
    return frame;
  }

  /**
   * The next frame, asserted to be a {@code session.error} with {@code code}, a non-empty message
   * and a session id (the connection's once it has one); returns it.
   */
  JsonNode expectSessionError(String code) {
    JsonNode error = expect("session.error");
    assertThat(error.path("payload").path("code").asText()).as("code of %s", error).isEqualTo(code);
    assertThat(error.path("payload").path("message").asText()).as("message of %s", error).isNotBlank();
    assertThat(error.path("session_id").asText()).as("session of %s", error)
        .isEqualTo(sessionId != null ? sessionId : error.path("session_id").asText()).startsWith("sess_");
    return error;
  }

  /** The next frame, whatever it is (pings included). */
  JsonNode nextIncludingPings() {
    JsonNode frame = take(System.nanoTime() + WAIT.toNanos());
    assertThat(frame).as("a frame within %s", WAIT).isNotNull();
    return frame;
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
  boolean staysQuiet(Duration quiet) {
    Optional<JsonNode> frame = nextWithin(quiet);
    frame.ifPresent(frames::addFirst);
    return frame.isEmpty();
  }

  private Optional<JsonNode> nextWithin(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      JsonNode frame = take(deadline);
      if (frame == null) {
        return Optional.empty();
      }
      if (!"session.ping".equals(frame.path("type").asText())) {
        return Optional.of(frame);
      }
      pingsSkipped++;
      if (answeringPings) {
        sendRaw(envelope("session.pong", JSON.createObjectNode()
            .put("ping_nonce", frame.path("payload").path("nonce").asText())
            .put("received_at", Instant.now().toString())));
      }
    }
  }

  private JsonNode take(long deadlineNanos) {
    try {
      return frames.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ---- the job a test runs to prove a session still works ---------------------------------

  /** Runs echo with {@code input} to its end on this session; returns its {@code job.result}. */
  JsonNode runEcho(JsonNode input) {
    submit("echo", input);
    String jobId = expect("job.accepted").path("job_id").asText();
    List<JsonNode> frames = untilTerminal(jobId);
    JsonNode result = frames.get(frames.size() - 1);
    assertThat(result.path("type").asText()).as("end of echo: %s", result).isEqualTo("job.result");
    assertThat(result.path("payload").path("result").path("input")).isEqualTo(input);
    return result;
  }

  /**
   * Reads a refused request's answer in both clients' forms: a {@code job.error} with a fresh job
   * id (TypeScript), then a jobless one echoing {@code requestId} (Java). Returns the first.
   */
  JsonNode expectRefusedInBothForms(String requestId, String code) {
    JsonNode withJob = expect("job.error");
    JsonNode echoing = expect("job.error");
    assertThat(withJob.path("job_id").asText()).startsWith("job_");
    assertThat(withJob.path("payload").path("code").asText()).isEqualTo(code);
    assertThat(withJob.path("payload").path("final_status").asText()).isEqualTo("error");
    assertThat(echoing.has("job_id")).isFalse();
    assertThat(echoing.path("id").asText()).isEqualTo(requestId);
    assertThat(echoing.path("payload").path("code").asText()).isEqualTo(code);
    assertThat(echoing.path("event_seq").asLong()).isEqualTo(withJob.path("event_seq").asLong() + 1);
    return withJob;
  }

  // ---- closing ----------------------------------------------------------------------------

  /** Waits for the server to close the transport; returns the close status (0 for stdio). */
  int awaitClose() throws Exception {
    return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the transport without a close handshake, like a client that lost its network. */
  void abort() {
    link.abort();
  }

  /** Drops the transport; over stdio this ends the server's input even after it closed its output. */
  @Override
  public void close() {
    link.abort();
  }

  private void received(String text) {
    try {
      frames.add(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      frames.add(JSON.createObjectNode().put("type", "unparseable").put("text", text));
    }
  }

  private void readLines(InputStream fromServer) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        received(line);
      }
      closed.complete(0);
    } catch (IOException e) {
      closed.complete(-1);
    }
  }

  /** How frames reach the server. */
  private interface Link {
    void sendText(String text);

    void sendBinary(byte[] data);

    void abort();
  }

  private static final class WebSocketLink implements Link {
    private final WebSocket socket;

    WebSocketLink(WebSocket socket) {
      this.socket = socket;
    }

    @Override
    public void sendText(String text) {
      socket.sendText(text, true).join();
    }

    @Override
    public void sendBinary(byte[] data) {
      socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    @Override
    public void abort() {
      socket.abort();
    }
  }

  private static final class StdioLink implements Link {
    private final OutputStream toServer;

    StdioLink(OutputStream toServer) {
      this.toServer = toServer;
    }

    @Override
    public void sendText(String text) {
      try {
        toServer.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void sendBinary(byte[] data) {
      throw new UnsupportedOperationException("stdio carries text lines only");
    }

    @Override
    public void abort() {
      try {
        toServer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received(partial.toString());
        partial.setLength(0);
      }
      if (reading) {
        webSocket.request(1);
      }
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
