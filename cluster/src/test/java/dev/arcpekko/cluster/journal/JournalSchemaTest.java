package dev.arcpekko.cluster.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our idempotent DDL creates exactly what pekko-persistence-jdbc expects, checked against the DDL
 * bundled in its jar.
 */
class JournalSchemaTest {
  private static final List<String> TABLES =
      List.of("durable_state", "event_journal", "event_tag", "snapshot");
  /** Ours, not the plugin's (unquoted, so H2 names them in capitals). */
  private static final List<String> RUNTIME_TABLES = List.of("ARCP_JOB_INDEX", "ARCP_RUNTIME_SECRET", "ARCP_CREDENTIAL_REVOCATION");

  @Test
  void applyingTheSchemaTwiceOnAFreshH2FileSucceeds(@TempDir Path dir) throws Exception {
    JournalDatabase database = JournalDatabase.h2(dir);

    JournalSchema.apply(database);
    JournalSchema.apply(database);

    try (Connection connection = connect(database)) {
      assertThat(shape(connection).keySet()).containsExactlyInAnyOrderElementsOf(
          Stream.concat(TABLES.stream(), RUNTIME_TABLES.stream()).toList());
    }
  }

  /** Our one deliberate difference: payloads inline as VARBINARY, not BLOB (see h2-schema.sql). */
  @Test
  void h2SchemaMatchesTheDdlBundledWithPersistenceJdbcButForInlinePayloads(@TempDir Path dir) throws Exception {
    JournalDatabase ours = JournalDatabase.h2(dir.resolve("ours"));
    JournalDatabase bundled = JournalDatabase.h2(dir.resolve("bundled"));
    JournalSchema.apply(ours);
    try (Connection connection = connect(bundled); Statement statement = connection.createStatement()) {
      statement.execute("RUNSCRIPT FROM 'classpath:/schema/h2/h2-create-schema.sql'");
    }

    try (Connection oursConnection = connect(ours); Connection bundledConnection = connect(bundled)) {
      Map<String, List<String>> oursShape = shape(oursConnection);
      RUNTIME_TABLES.forEach(oursShape::remove);
      assertThat(withoutPayloadTypes(oursShape)).isEqualTo(withoutPayloadTypes(shape(bundledConnection)))
          .hasSize(TABLES.size());
      assertThat(oursShape.get("event_journal")).anyMatch(fact -> fact.startsWith("column event_payload BINARY VARYING"));
      assertThat(oursShape.get("snapshot")).anyMatch(fact -> fact.startsWith("column snapshot_payload BINARY VARYING"));
    }
  }

  @Test
  void schemaFilesSplitIntoTheirStatementsWithoutComments() {
    assertThat(JournalSchema.statements(JournalDatabase.Dialect.H2))
        .hasSize(16)
        .allSatisfy(sql -> assertThat(sql).startsWith("CREATE").doesNotContain("--").doesNotEndWith(";"));
    assertThat(JournalSchema.statements(JournalDatabase.Dialect.POSTGRES))
        .hasSize(16)
        .first().asString().startsWith("SELECT pg_advisory_xact_lock");
  }

  private static Map<String, List<String>> withoutPayloadTypes(Map<String, List<String>> shape) {
    Map<String, List<String>> copy = new TreeMap<>();
    shape.forEach((table, facts) -> copy.put(table, facts.stream()
        .map(fact -> fact.replaceFirst("^column (event_payload|snapshot_payload) .*?\\(\\d+\\)", "column $1 <payload>"))
        .toList()));
    return copy;
  }

  private static Connection connect(JournalDatabase database) throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  /**
   * Per table: its columns (type, size, nullability, default, auto-increment), primary key,
   * indices (by uniqueness and columns; generated names differ between databases) and foreign
   * keys.
   */
  private static Map<String, List<String>> shape(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    Map<String, List<String>> tables = new TreeMap<>();
    try (ResultSet rs = meta.getTables(null, "PUBLIC", null, new String[] {"TABLE"})) {
      while (rs.next()) {
        tables.put(rs.getString("TABLE_NAME"), new ArrayList<>());
      }
    }
    for (Map.Entry<String, List<String>> table : tables.entrySet()) {
      String name = table.getKey();
      List<String> facts = table.getValue();
      try (ResultSet rs = meta.getColumns(null, "PUBLIC", name, null)) {
        while (rs.next()) {
          facts.add("column " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME")
              + "(" + rs.getInt("COLUMN_SIZE") + ") nullable=" + rs.getString("IS_NULLABLE")
              + " default=" + rs.getString("COLUMN_DEF")
              + " auto=" + rs.getString("IS_AUTOINCREMENT"));
        }
      }
      try (ResultSet rs = meta.getPrimaryKeys(null, "PUBLIC", name)) {
        while (rs.next()) {
          facts.add("primary key " + rs.getShort("KEY_SEQ") + " " + rs.getString("COLUMN_NAME"));
        }
      }
      Map<String, String> indices = new TreeMap<>();
      try (ResultSet rs = meta.getIndexInfo(null, "PUBLIC", name, false, false)) {
        while (rs.next()) {
          indices.merge(rs.getString("INDEX_NAME"),
              (rs.getBoolean("NON_UNIQUE") ? "index" : "unique index") + " " + rs.getString("COLUMN_NAME"),
              (a, b) -> a + "," + b.substring(b.lastIndexOf(' ') + 1));
        }
      }
      facts.addAll(indices.values().stream().sorted().toList());
      try (ResultSet rs = meta.getImportedKeys(null, "PUBLIC", name)) {
        while (rs.next()) {
          facts.add("foreign key " + rs.getString("FK_NAME") + " " + rs.getString("FKCOLUMN_NAME")
              + " -> " + rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME")
              + " on delete " + rs.getShort("DELETE_RULE"));
        }
      }
    }
    return tables;
  }
}
