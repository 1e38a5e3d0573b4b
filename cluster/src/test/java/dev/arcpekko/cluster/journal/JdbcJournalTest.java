package dev.arcpekko.cluster.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.arcpekko.cluster.config.NodeConfiguration;
import dev.arcpekko.cluster.config.NodeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's own journal configuration works end to end: on the schema {@link JournalSchema}
 * creates (applied twice, as two starts would), Pekko typed persistence journals through
 * pekko-persistence-jdbc with Jackson serialization, and a second actor system on the same
 * database recovers every acknowledged event.
 */
class JdbcJournalTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** A PostgreSQL database to run against, e.g. jdbc:postgresql://127.0.0.1:5432/arcp_test. */
  private static final String POSTGRES_URL_VARIABLE = "ARCP_TEST_POSTGRES_URL";

  /** Marker bound to Pekko's Jackson serializer in the test configuration. */
  interface JsonSerializable {}

  record Append(String item, ActorRef<List<String>> replyTo) implements JsonSerializable {}

  record Appended(String item) implements JsonSerializable {}

  /** An entity whose state is the list of items appended so far. */
  static final class Items extends EventSourcedBehavior<Append, Appended, List<String>> {
    Items(String id) {
      super(PersistenceId.ofUniqueId(id));
    }

    @Override
    public List<String> emptyState() {
      return new ArrayList<>();
    }

    @Override
    public CommandHandler<Append, Appended, List<String>> commandHandler() {
      return newCommandHandlerBuilder().forAnyState().onCommand(Append.class, (state, cmd) ->
              Effect().persist(new Appended(cmd.item())).thenReply(cmd.replyTo(), List::copyOf))
          .build();
    }

    @Override
    public EventHandler<List<String>, Appended> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Appended.class, (state, event) -> {
        state.add(event.item());
        return state;
      }).build();
    }
  }

  @Test
  void eventsJournaledToTheH2FileInTheDataDirectoryAreRecoveredByASecondSystem(@TempDir Path dir)
      throws Exception {
    Config config = nodeConfig(Map.of("ARCP_DATA_DIR", dir.toString(), "ARCP_TOKENS", "t=test"));

    assertThat(appendThenRecover(config)).containsExactly("a", "b", "c", "d");
    assertThat(dir.resolve("arcp.mv.db")).isRegularFile();
  }

  @Test
  void eventsJournaledToPostgresAreRecoveredByASecondSystem() throws Exception {
    String url = System.getenv(POSTGRES_URL_VARIABLE);
    assumeTrue(url != null, POSTGRES_URL_VARIABLE + " names no PostgreSQL database");
    Config config = nodeConfig(Map.of(
        "ARCP_JOURNAL", "postgres",
        "ARCP_PG_URL", url,
        "ARCP_PG_USER", System.getenv().getOrDefault("ARCP_TEST_POSTGRES_USER", "arcp"),
        "ARCP_PG_PASSWORD", System.getenv().getOrDefault("ARCP_TEST_POSTGRES_PASSWORD", ""),
        "ARCP_TOKENS", "t=test"));

    assertThat(appendThenRecover(config)).containsExactly("a", "b", "c", "d");
  }

  private static Config nodeConfig(Map<String, String> environment) {
    return ConfigFactory.parseString("pekko.actor.serialization-bindings {\n"
            + "  \"" + JsonSerializable.class.getName() + "\" = jackson-json\n}")
        .withFallback(NodeConfiguration.resolve(NodeOptions.none(), environment).config());
  }

  /**
   * Applies the schema twice, appends a, b, c in one actor system, then d in a second one and
   * returns the state the second one replies with.
   */
  private static List<String> appendThenRecover(Config config) throws Exception {
    JournalDatabase database = JournalDatabase.configuredIn(config);
    JournalSchema.apply(database);
    JournalSchema.apply(database);
    String id = "items-" + UUID.randomUUID();

    ActorSystem<Void> first = ActorSystem.create(Behaviors.empty(), "journal-test", config);
    try {
      ActorRef<Append> items = first.systemActorOf(new Items(id), "items", Props.empty());
      for (String item : List.of("a", "b", "c")) {
        append(first, items, item);
      }
    } finally {
      terminate(first);
    }

    ActorSystem<Void> second = ActorSystem.create(Behaviors.empty(), "journal-test", config);
    try {
      ActorRef<Append> recovered = second.systemActorOf(new Items(id), "items", Props.empty());
      return append(second, recovered, "d");
    } finally {
      terminate(second);
    }
  }

  private static List<String> append(ActorSystem<Void> system, ActorRef<Append> items, String item)
      throws Exception {
    CompletionStage<List<String>> reply =
        AskPattern.ask(items, replyTo -> new Append(item, replyTo), TIMEOUT, system.scheduler());
    return reply.toCompletableFuture().get();
  }

  private static void terminate(ActorSystem<Void> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get();
  }
}
