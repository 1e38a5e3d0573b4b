package dev.arcpekko.cluster.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM, started with the same classpath as the tests through the real main
 * ({@code ArcpNode}), so that it can be killed with SIGKILL or stopped with SIGTERM.
 */
final class NodeProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  final URI uri;

  private NodeProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.uri = URI.create("ws://127.0.0.1:" + port + "/arcp");
  }

  /** Starts a node on {@code dataDir} and returns once it listens. */
  static NodeProcess start(Path dataDir) throws Exception {
    return start(dataDir, "512m");
  }

  /**
   * Starts a node on {@code dataDir} with a heap of at most {@code maxHeap} (e.g. {@code 96m}) and
   * further command-line {@code flags}.
   */
  static NodeProcess start(Path dataDir, String maxHeap, String... flags) throws Exception {
    int port = freePort();
    Path log = Files.createTempFile(dataDir.getParent(), "node-", ".log");
    List<String> allFlags = new ArrayList<>(List.of("--port", String.valueOf(port)));
    allFlags.addAll(List.of(flags));
    ProcessBuilder builder = nodeCommand(dataDir, maxHeap, allFlags.toArray(String[]::new))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    return started(new NodeProcess(builder.start(), log, port), "ARCP runtime listening on");
  }

  /** Starts a node speaking ARCP on its stdin/stdout ({@code --stdio}); its log goes to a file. */
  static NodeProcess startStdio(Path dataDir) throws Exception {
    Path log = Files.createTempFile(dataDir.getParent(), "node-", ".log");
    ProcessBuilder builder = nodeCommand(dataDir, "512m", "--stdio").redirectError(log.toFile());
    return started(new NodeProcess(builder.start(), log, 0), "ARCP runtime speaking on stdin/stdout");
  }

  /** {@code node} once it has logged {@code readyLine}; killed instead of leaked when it does not. */
  private static NodeProcess started(NodeProcess node, String readyLine) throws Exception {
    try {
      node.awaitLog(readyLine, STARTUP);
      return node;
    } catch (Exception | Error e) {
      node.kill();
      throw e;
    }
  }

  private static ProcessBuilder nodeCommand(Path dataDir, String maxHeap, String... flags) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError",
        // the node logs as in production (the test classpath would otherwise pick logback-test.xml)
        "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
        "dev.arcpekko.cluster.ArcpNode", "--data-dir", dataDir.toString()));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ARCP_TOKENS", TestNode.ALICE + "=alice," + TestNode.BOB + "=bob");
    return builder;
  }

  /** The node's stdin, for a {@code --stdio} node. */
  OutputStream stdin() {
    return process.getOutputStream();
  }

  /** The node's stdout, for a {@code --stdio} node. */
  InputStream stdout() {
    return process.getInputStream();
  }

  /** Waits for the process to exit on its own; returns its status. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("node still running after " + timeout);
    }
    return process.exitValue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitLog(String line, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).contains(line)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("node did not log '" + line + "' within " + timeout + ":\n" + Files.readString(log));
  }

  WireClient connect() throws Exception {
    return WireClient.connect(uri);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Ctrl-C or an orchestrator would send; returns the exit status. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
