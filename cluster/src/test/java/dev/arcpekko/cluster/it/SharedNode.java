package dev.arcpekko.cluster.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node for all tests of a class (started before them on a fresh data directory, stopped
 * after), and the clients each test opened, closed after it. Register as a static field.
 */
final class SharedNode implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
  private final String overrides;
  private final List<WireClient> clients = new ArrayList<>();
  private Path dataDir;
  private TestNode node;

  SharedNode(String overrides) {
    this.overrides = overrides;
  }

  TestNode node() {
    return node;
  }

  /** The node's data directory (its H2 journal). */
  Path dataDir() {
    return dataDir;
  }

  /** A new client of the node, closed after the current test. */
  WireClient connect() throws Exception {
    WireClient client = node.connect();
    clients.add(client);
    return client;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("arcp-it-");
    node = TestNode.start(dataDir, overrides);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    clients.forEach(WireClient::close);
    clients.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    node.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
