package dev.arcpekko.cluster.journal;

import dev.arcpekko.cluster.journal.JournalDatabase.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the tables pekko-persistence-jdbc 1.1.1 uses ({@code event_journal}, {@code event_tag},
 * {@code snapshot}, {@code durable_state}) when they are missing. Every statement is idempotent,
 * so a node applies the schema at each start, over plain JDBC, before its actor system exists.
 * The statements live in {@code <dialect>-schema.sql} next to this class.
 */
public final class JournalSchema {
  private static final Logger log = LoggerFactory.getLogger(JournalSchema.class);

  private JournalSchema() {}

  /** Creates whatever part of the schema {@code database} lacks, in one transaction. */
  public static void apply(JournalDatabase database) throws SQLException {
    List<String> statements = statements(database.dialect());
    try (Connection connection =
            DriverManager.getConnection(database.url(), database.user(), database.password())) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    }
    log.info("Journal schema ready ({} statements, {})", statements.size(), database.dialect());
  }

  /** The statements of {@code dialect}'s schema file, without comments. */
  static List<String> statements(Dialect dialect) {
    String resource = dialect.kind() + "-schema.sql";
    String text;
    try (InputStream in = JournalSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String withoutComments = text.lines()
        .filter(line -> !line.strip().startsWith("--"))
        .collect(Collectors.joining("\n"));
    return Arrays.stream(withoutComments.split(";\\s*(?:\\n|$)"))
        .map(String::strip)
        .filter(sql -> !sql.isEmpty())
        .toList();
  }
}
