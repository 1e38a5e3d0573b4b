package dev.arcpekko.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simple load against a running node: {@code --sessions} WebSocket sessions each submit
 * {@code --jobs} jobs of {@code --agent} (echo, ticker with {@code --ticks} progress events, or
 * delegator, each of which delegates one echo child), keeping at most {@code --window} jobs in
 * flight per session; children are not counted as jobs, their frames are counted as events.
 * {@code --features} (default {@code ack,progress}) is what each session offers, e.g. with
 * {@code provisioned_credentials} against a node with a credential provisioner. Prints jobs/s, events/s and
 * submit-to-terminal latency percentiles. Run with {@code bench/run-load.sh}.
 */
public final class RuntimeLoad {

  private RuntimeLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    URI uri = URI.create(options.getOrDefault("url", "ws://127.0.0.1:7777/arcp"));
    String token = options.getOrDefault("token", "bench-token");
    int sessions = Integer.parseInt(options.getOrDefault("sessions", "8"));
    int jobs = Integer.parseInt(options.getOrDefault("jobs", "250"));
    int window = Integer.parseInt(options.getOrDefault("window", "32"));
    String agent = options.getOrDefault("agent", "echo");
    int ticks = Integer.parseInt(options.getOrDefault("ticks", "20"));
    String input = switch (agent) {
      case "ticker" -> "{\"count\":" + ticks + ",\"interval_ms\":0}";
      case "delegator" -> "{\"agent\":\"echo\",\"input\":{\"n\":1},\"lease_request\":{}}";
      default -> "{\"n\":1}";
    };
    List<String> features = List.of(options.getOrDefault("features", "ack,progress").split(","));
    String lease = agent.equals("delegator") ? "{\"agent.delegate\":[\"echo\"]}" : "{}";

    AtomicLong events = new AtomicLong();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      runs.add(new SessionLoad(uri, token, agent, JsonFramesListener.JSON.readTree(input),
          JsonFramesListener.JSON.readTree(lease), features, jobs, window, events, latencies).run());
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long total = (long) sessions * jobs;
    System.out.printf("agent=%s sessions=%d jobs/session=%d window=%d features=%s%n", agent, sessions, jobs, window,
        features);
    System.out.printf("jobs: %d in %.2f s = %.0f jobs/s%n", total, seconds, total / seconds);
    System.out.printf("seq-bearing frames: %d = %.0f events/s%n", events.get(), events.get() / seconds);
    System.out.printf("submit→terminal latency ms: p50=%.1f p99=%.1f max=%.1f%n",
        percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 1.0));
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** {@code --name value} pairs. */
  static Map<String, String> options(String[] args) {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: " + Arrays.toString(args));
    }
    return options;
  }

  /** One session submitting its share of jobs with a bounded number in flight. */
  private static final class SessionLoad extends JsonFramesListener {
    private final URI uri;
    private final String token;
    private final String agent;
    private final JsonNode input;
    private final JsonNode lease;
    private final List<String> features;
    private final int jobs;
    private final Semaphore window;
    private final AtomicLong events;
    private final List<Long> latencies;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final CompletableFuture<String> welcomed = new CompletableFuture<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Long> submitTimes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private int finished;

    SessionLoad(URI uri, String token, String agent, JsonNode input, JsonNode lease, List<String> features, int jobs,
        int window, AtomicLong events, List<Long> latencies) {
      this.uri = uri;
      this.token = token;
      this.agent = agent;
      this.input = input;
      this.lease = lease;
      this.features = features;
      this.jobs = jobs;
      this.window = new Semaphore(window);
      this.events = events;
      this.latencies = latencies;
    }

    CompletableFuture<Void> run() throws Exception {
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
      ObjectNode hello = frame("session.hello", null);
      ObjectNode payload = hello.putObject("payload");
      payload.putObject("client").put("name", "runtime-load").put("version", "1");
      payload.putObject("auth").put("scheme", "bearer").put("token", token);
      features.forEach(payload.putObject("capabilities").putArray("features")::add);
      socket.sendText(hello.toString(), true).join();
      String sessionId = welcomed.get(10, TimeUnit.SECONDS);
      Thread submitter = new Thread(() -> {
        try {
          for (int i = 0; i < jobs; i++) {
            window.acquire();
            ObjectNode submit = frame("job.submit", sessionId);
            ObjectNode body = submit.putObject("payload").put("agent", agent);
            body.set("input", input);
            body.set("lease_request", lease);
            submitTimes.add(System.nanoTime());
            synchronized (socket) {
              socket.sendText(submit.toString(), true).join();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      submitter.start();
      return done.whenComplete((ok, failure) -> socket.abort());
    }

    @Override
    void handle(JsonNode frame) {
      String type = frame.path("type").asText();
      switch (type) {
        case "session.welcome" -> welcomed.complete(frame.path("session_id").asText());
        case "job.accepted" -> {
          if (!frame.path("payload").has("parent_job_id")) {
            startedAt.put(frame.path("job_id").asText(), submitTimes.remove());
          }
        }
        case "job.event" -> events.incrementAndGet();
        case "job.result", "job.error" -> {
          events.incrementAndGet();
          Long started = startedAt.remove(frame.path("job_id").asText());
          if (started == null) {
            return;
          }
          latencies.add(System.nanoTime() - started);
          window.release();
          if (++finished == jobs) {
            done.complete(null);
          }
        }
        default -> {
          if (type.equals("session.error")) {
            done.completeExceptionally(new IllegalStateException(frame.toString()));
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
