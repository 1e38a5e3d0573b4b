package dev.arcpekko.cluster.journal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A database of either dialect for tests of the runtime's own tables, with the schema applied: an
 * H2 file in {@code dir}, or the PostgreSQL database {@code ARCP_TEST_POSTGRES_URL} names (CI
 * starts one; elsewhere the PostgreSQL case is skipped), with the given tables emptied first.
 */
public final class TestDatabases {
  private TestDatabases() {}

  public static JournalDatabase withSchema(JournalDatabase.Dialect dialect, Path dir, String... tablesToEmpty)
      throws Exception {
    if (dialect == JournalDatabase.Dialect.H2) {
      JournalDatabase database = JournalDatabase.h2(dir);
      JournalSchema.apply(database);
      return database;
    }
    String url = System.getenv("ARCP_TEST_POSTGRES_URL");
    assumeTrue(url != null, "ARCP_TEST_POSTGRES_URL names no PostgreSQL database");
    JournalDatabase database = JournalDatabase.postgres(url,
        System.getenv().getOrDefault("ARCP_TEST_POSTGRES_USER", "arcp"),
        System.getenv().getOrDefault("ARCP_TEST_POSTGRES_PASSWORD", ""));
    JournalSchema.apply(database);
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      for (String table : tablesToEmpty) {
        statement.execute("DELETE FROM " + table);
      }
    }
    return database;
  }
}
