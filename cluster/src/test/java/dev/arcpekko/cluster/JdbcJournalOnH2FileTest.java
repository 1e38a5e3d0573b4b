package dev.arcpekko.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned dependency set works together: Pekko typed persistence journals to an H2 file through
 * pekko-persistence-jdbc with Jackson serialization, and a second actor system on the same file
 * recovers every acknowledged event.
 */
class JdbcJournalOnH2FileTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

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
  void aSecondSystemOnTheSameFileRecoversEveryAcknowledgedEvent(@TempDir Path dir) throws Exception {
    Config config = ConfigFactory.parseString("arcp.test.h2-url = \"jdbc:h2:file:"
            + dir.resolve("journal").toAbsolutePath() + ";DB_CLOSE_DELAY=-1\"")
        .withFallback(ConfigFactory.parseResources("h2-journal-test.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();

    List<String> acknowledged = List.of();
    ActorSystem<Void> first = ActorSystem.create(Behaviors.empty(), "journal-test", config);
    try {
      SchemaUtils.createIfNotExists(first).toCompletableFuture().get();
      ActorRef<Append> items = first.systemActorOf(new Items("items-1"), "items", Props.empty());
      for (String item : List.of("a", "b", "c")) {
        acknowledged = append(first, items, item);
      }
    } finally {
      terminate(first);
    }

    ActorSystem<Void> second = ActorSystem.create(Behaviors.empty(), "journal-test", config);
    try {
      ActorRef<Append> recovered = second.systemActorOf(new Items("items-1"), "items", Props.empty());

      assertThat(acknowledged).containsExactly("a", "b", "c");
      assertThat(append(second, recovered, "d")).containsExactly("a", "b", "c", "d");
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
