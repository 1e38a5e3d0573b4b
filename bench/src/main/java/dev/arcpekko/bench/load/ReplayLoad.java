package dev.arcpekko.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Subscription replay against a running node: one session runs {@code ticker} with
 * {@code --events} progress events (acknowledging as it reads), then {@code --subscribers} late
 * sessions subscribe with full history at once. Prints the live rate and each late subscriber's
 * replay rate (events/s). Run with {@code bench/run-load.sh --replay --events 100000}.
 */
public final class ReplayLoad {

  private ReplayLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = RuntimeLoad.options(args);
    URI uri = URI.create(options.getOrDefault("url", "ws://127.0.0.1:7777/arcp"));
    String token = options.getOrDefault("token", "bench-token");
    long count = Long.parseLong(options.getOrDefault("events", "100000"));
    int subscribers = Integer.parseInt(options.getOrDefault("subscribers", "1"));

    Reader owner = new Reader(uri, token, "ack", "progress");
    String jobId = owner.submitTicker(count);
    long start = System.nanoTime();
    long frames = owner.readThroughTerminal(jobId).get(30, TimeUnit.MINUTES);
    report("live (owner)", frames, System.nanoTime() - start);

    List<Reader> late = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      late.add(new Reader(uri, token, "ack", "subscribe"));
    }
    start = System.nanoTime();
    List<CompletableFuture<Long>> replays = new ArrayList<>();
    for (Reader reader : late) {
      replays.add(reader.subscribe(jobId));
    }
    for (int i = 0; i < replays.size(); i++) {
      report("replay (subscriber " + (i + 1) + " of " + subscribers + ")", replays.get(i).get(30, TimeUnit.MINUTES),
          System.nanoTime() - start);
    }
  }

  private static void report(String what, long frames, long nanos) {
    double seconds = nanos / 1e9;
    System.out.printf("%s: %d frames in %.2f s = %.0f events/s%n", what, frames, seconds, frames / seconds);
  }

  /** One session that counts the frames of a job through its terminal, acknowledging every 500 seqs. */
  private static final class Reader extends JsonFramesListener {
    private final CompletableFuture<String> welcomed = new CompletableFuture<>();
    private final CompletableFuture<String> accepted = new CompletableFuture<>();
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile String jobId;
    private String sessionId;
    private long frames;

    Reader(URI uri, String token, String... features) throws Exception {
      socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
      ObjectNode hello = frame("session.hello");
      ObjectNode payload = hello.putObject("payload");
      payload.putObject("client").put("name", "replay-load").put("version", "1");
      payload.putObject("auth").put("scheme", "bearer").put("token", token);
      var list = payload.putObject("capabilities").putArray("features");
      for (String feature : features) {
        list.add(feature);
      }
      send(hello);
      sessionId = welcomed.get(10, TimeUnit.SECONDS);
    }

    String submitTicker(long count) throws Exception {
      ObjectNode submit = frame("job.submit");
      submit.putObject("payload").put("agent", "ticker").putObject("input").put("count", count).put("interval_ms", 0);
      send(submit);
      return accepted.get(30, TimeUnit.SECONDS);
    }

    CompletableFuture<Long> readThroughTerminal(String job) {
      jobId = job;
      return done;
    }

    CompletableFuture<Long> subscribe(String job) {
      jobId = job;
      ObjectNode subscribe = frame("job.subscribe");
      subscribe.putObject("payload").put("job_id", job).put("history", true);
      send(subscribe);
      return done;
    }

    private ObjectNode frame(String type) {
      return JsonFramesListener.frame(type, sessionId);
    }

    private void send(ObjectNode frame) {
      synchronized (socket) {
        socket.sendText(frame.toString(), true).join();
      }
    }

    @Override
    void handle(JsonNode frame) {
      String type = frame.path("type").asText();
      long seq = frame.path("event_seq").asLong(0);
      if (seq > 0 && seq % 500 == 0) {
        ObjectNode ack = frame("session.ack");
        ack.putObject("payload").put("last_processed_seq", seq);
        send(ack);
      }
      switch (type) {
        case "session.welcome" -> welcomed.complete(frame.path("session_id").asText());
        case "job.accepted" -> accepted.complete(frame.path("job_id").asText());
        case "session.error" -> done.completeExceptionally(new IllegalStateException(frame.toString()));
        default -> {
          if (jobId != null && jobId.equals(frame.path("job_id").asText()) && seq > 0) {
            frames++;
            if (type.equals("job.result") || type.equals("job.error")) {
              done.complete(frames);
              socket.abort();
            }
          }
        }
      }
    }

    @Override
    void failed(Throwable failure) {
      done.completeExceptionally(failure);
    }
  }
}
