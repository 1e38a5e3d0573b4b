package dev.arcpekko.cluster.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.runtime.auth.ObserverPolicy.Scope;
import dev.arcpekko.runtime.listing.JobIndex;
import dev.arcpekko.runtime.listing.JobIndexRow;
import dev.arcpekko.runtime.listing.JobQuery;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;

/**
 * The {@link JobIndex} in the journal's database (table {@code arcp_job_index}, created by
 * {@code JournalSchema}), in SQL that H2 2.x and PostgreSQL 15 both run: {@code MERGE} with guards
 * for writes, keyset pages ({@code job_id < ? ORDER BY job_id DESC LIMIT ?}) for reads. JDBC runs on
 * this index's own threads over its own small connection pool.
 */
public final class JdbcJobIndex implements JobIndex, AutoCloseable {
  private static final int THREADS = 2;
  private static final String CURSOR_SECRET_NAME = "list-jobs.cursor";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, List<String>>> LEASE = new TypeReference<>() {};

  /** A row replaces the stored one only when it is further along; seqs only grow. */
  private static final String UPSERT_ROW = """
      MERGE INTO arcp_job_index t
      USING (SELECT CAST(? AS VARCHAR(64)) AS job_id, CAST(? AS VARCHAR(1024)) AS owner_principal,
          CAST(? AS VARCHAR(64)) AS owner_session_id, CAST(? AS VARCHAR(256)) AS agent_name,
          CAST(? AS VARCHAR(256)) AS agent_version, CAST(? AS VARCHAR(16)) AS status, CAST(? AS VARCHAR) AS lease,
          CAST(? AS VARCHAR(64)) AS parent_job_id, CAST(? AS TIMESTAMP(6) WITH TIME ZONE) AS created_at,
          CAST(? AS VARCHAR(64)) AS trace_id, CAST(? AS BIGINT) AS last_event_seq, CAST(? AS INTEGER) AS row_version) s
      ON t.job_id = s.job_id
      WHEN MATCHED AND t.row_version < s.row_version THEN UPDATE SET
          owner_principal = s.owner_principal, owner_session_id = s.owner_session_id, agent_name = s.agent_name,
          agent_version = s.agent_version, status = s.status, lease = s.lease, parent_job_id = s.parent_job_id,
          created_at = s.created_at, trace_id = s.trace_id, row_version = s.row_version,
          last_event_seq = GREATEST(t.last_event_seq, s.last_event_seq)
      WHEN NOT MATCHED THEN INSERT (job_id, owner_principal, owner_session_id, agent_name, agent_version, status,
          lease, parent_job_id, created_at, trace_id, last_event_seq, row_version)
        VALUES (s.job_id, s.owner_principal, s.owner_session_id, s.agent_name, s.agent_version, s.status, s.lease,
          s.parent_job_id, s.created_at, s.trace_id, s.last_event_seq, s.row_version)""";

  /** A seq for a job whose row has not arrived yet leaves a placeholder (row version 0, never listed). */
  private static final String RAISE_SEQ = """
      MERGE INTO arcp_job_index t
      USING (SELECT CAST(? AS VARCHAR(64)) AS job_id, CAST(? AS BIGINT) AS last_event_seq) s
      ON t.job_id = s.job_id
      WHEN MATCHED AND t.last_event_seq < s.last_event_seq THEN UPDATE SET last_event_seq = s.last_event_seq
      WHEN NOT MATCHED THEN INSERT (job_id, last_event_seq, row_version) VALUES (s.job_id, s.last_event_seq, 0)""";

  private static final String COLUMNS = "job_id, owner_principal, owner_session_id, agent_name, agent_version, "
      + "status, lease, parent_job_id, created_at, trace_id, last_event_seq, row_version";

  private final HikariDataSource pool;
  private final ExecutorService executor;
  private final Optional<String> configuredSecret;

  private JdbcJobIndex(HikariDataSource pool, ExecutorService executor, Optional<String> configuredSecret) {
    this.pool = pool;
    this.executor = executor;
    this.configuredSecret = configuredSecret;
  }

  /**
   * An index in {@code database}, whose schema {@code JournalSchema} has applied. Cursors are signed
   * with {@code configuredSecret} when given, else with a key generated once and kept in the database.
   */
  public static JdbcJobIndex open(JournalDatabase database, Optional<String> configuredSecret) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("arcp-job-index");
    config.setJdbcUrl(database.url());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(THREADS);
    config.setMinimumIdle(1);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "arcp-job-index-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    return new JdbcJobIndex(new HikariDataSource(config), executor, configuredSecret.filter(s -> !s.isBlank()));
  }

  @Override
  public CompletionStage<Done> write(List<JobIndexRow> rows, Map<String, Long> lastEventSeqs) {
    return supply(() -> {
      if (rows.isEmpty() && lastEventSeqs.isEmpty()) {
        return Done.getInstance();
      }
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(false);
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_ROW);
            PreparedStatement raise = connection.prepareStatement(RAISE_SEQ)) {
          for (JobIndexRow row : rows) {
            bindRow(upsert, row);
            upsert.addBatch();
          }
          for (Map.Entry<String, Long> seq : lastEventSeqs.entrySet()) {
            raise.setString(1, seq.getKey());
            raise.setLong(2, seq.getValue());
            raise.addBatch();
          }
          if (!rows.isEmpty()) {
            upsert.executeBatch();
          }
          if (!lastEventSeqs.isEmpty()) {
            raise.executeBatch();
          }
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      }
      return Done.getInstance();
    });
  }

  private static void bindRow(PreparedStatement statement, JobIndexRow row) throws SQLException {
    statement.setString(1, row.jobId());
    statement.setString(2, row.ownerPrincipal());
    statement.setString(3, row.ownerSessionId());
    statement.setString(4, row.agentName());
    statement.setString(5, row.agentVersion());
    statement.setString(6, row.status().wire());
    statement.setString(7, leaseJson(row.lease()));
    statement.setString(8, row.parentJobId().orElse(null));
    statement.setObject(9, OffsetDateTime.ofInstant(row.createdAt(), ZoneOffset.UTC));
    statement.setString(10, row.traceId());
    statement.setLong(11, row.lastEventSeq());
    statement.setInt(12, row.rowVersion());
  }

  /**
   * One keyset query per owner in scope (and per status, when statuses are filtered without an
   * agent), merged: with owner and status or agent fixed by equality, ordering by
   * (owner, status or agent, job_id) lets H2 and PostgreSQL read one index in order and stop after
   * the page, however many rows the table holds. Scope {@code Everyone} walks the primary key, or
   * (status, job_id) per status.
   */
  @Override
  public CompletionStage<List<JobIndexRow>> page(JobQuery query) {
    return supply(() -> {
      try (Connection connection = pool.getConnection()) {
        List<Optional<String>> owners = query.scope() instanceof Scope.Owners some
            ? some.sorted().stream().map(Optional::of).toList()
            : List.of(Optional.empty());
        List<Optional<JobStatus>> statuses = query.statuses().isEmpty() || query.agentName().isPresent()
            ? List.of(Optional.empty())
            : query.statuses().stream().sorted().map(Optional::of).toList();
        TreeMap<String, JobIndexRow> page = new TreeMap<>(Comparator.reverseOrder());
        for (Optional<String> owner : owners) {
          for (Optional<JobStatus> status : statuses) {
            select(connection, query, owner, status, page);
          }
        }
        return List.copyOf(page.values());
      }
    });
  }

  /**
   * Merges the rows of one owner (and status) into {@code page}, which never holds more than the
   * query's limit: each query returns rows newest first, so it stops at the first row that would
   * not make the page.
   */
  private static void select(Connection connection, JobQuery query, Optional<String> owner,
      Optional<JobStatus> status, TreeMap<String, JobIndexRow> page) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM arcp_job_index WHERE ")
        .append(owner.isPresent() ? "owner_principal = ?" : "owner_principal IS NOT NULL");
    List<Object> parameters = new ArrayList<>();
    owner.ifPresent(parameters::add);
    if (status.isPresent()) {
      sql.append(" AND status = ?");
      parameters.add(status.get().wire());
    } else if (!query.statuses().isEmpty()) {
      sql.append(" AND status IN (").append(String.join(", ", Collections.nCopies(query.statuses().size(), "?")))
          .append(')');
      query.statuses().stream().map(JobStatus::wire).sorted().forEach(parameters::add);
    }
    condition(sql, parameters, " AND agent_name = ?", query.agentName());
    condition(sql, parameters, " AND agent_version = ?", query.agentVersion());
    condition(sql, parameters, " AND created_at > ?",
        query.createdAfter().map(at -> OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
    condition(sql, parameters, " AND created_at < ?",
        query.createdBefore().map(at -> OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
    condition(sql, parameters, " AND job_id < ?", query.beforeJobId());
    sql.append(" ORDER BY ")
        .append(owner.isPresent() ? "owner_principal DESC, " : "")
        .append(owner.isPresent() && query.agentName().isPresent() ? "agent_name DESC, " : "")
        .append(status.isPresent() ? "status DESC, " : "")
        .append("job_id DESC LIMIT ?");
    parameters.add(query.limit());
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          String jobId = result.getString("job_id");
          if (page.size() == query.limit() && jobId.compareTo(page.lastKey()) <= 0) {
            return;
          }
          page.put(jobId, rowOf(result));
          if (page.size() > query.limit()) {
            page.pollLastEntry();
          }
        }
      }
    }
  }

  private static void condition(StringBuilder sql, List<Object> parameters, String clause, Optional<?> value) {
    value.ifPresent(present -> {
      sql.append(clause);
      parameters.add(present);
    });
  }

  private static JobIndexRow rowOf(ResultSet result) throws SQLException {
    String status = result.getString("status");
    return new JobIndexRow(
        result.getString("job_id"),
        result.getString("owner_principal"),
        result.getString("owner_session_id"),
        result.getString("agent_name"),
        result.getString("agent_version"),
        JobStatus.fromWire(status).orElseThrow(() -> new SQLException("unknown status " + status + " in arcp_job_index")),
        leaseOf(result.getString("lease")),
        Optional.ofNullable(result.getString("parent_job_id")),
        result.getObject("created_at", OffsetDateTime.class).toInstant(),
        result.getString("trace_id"),
        result.getLong("last_event_seq"),
        result.getInt("row_version"));
  }

  @Override
  public CompletionStage<byte[]> cursorKey() {
    if (configuredSecret.isPresent()) {
      return CompletableFuture.completedFuture(configuredSecret.get().getBytes(StandardCharsets.UTF_8));
    }
    return supply(() -> {
      try (Connection connection = pool.getConnection()) {
        Optional<String> stored = storedSecret(connection);
        if (stored.isPresent()) {
          return HexFormat.of().parseHex(stored.get());
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try (PreparedStatement insert =
            connection.prepareStatement("INSERT INTO arcp_runtime_secret (name, secret) VALUES (?, ?)")) {
          insert.setString(1, CURSOR_SECRET_NAME);
          insert.setString(2, HexFormat.of().formatHex(fresh));
          insert.executeUpdate();
          return fresh;
        } catch (SQLException raced) {
          // Another node stored its key first: every node signs with that one.
          return HexFormat.of().parseHex(storedSecret(connection).orElseThrow(() -> raced));
        }
      }
    });
  }

  private static Optional<String> storedSecret(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT secret FROM arcp_runtime_secret WHERE name = ?")) {
      select.setString(1, CURSOR_SECRET_NAME);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
      }
    }
  }

  /** Stops the index's threads and closes its pool. */
  @Override
  public void close() {
    executor.shutdown();
    pool.close();
  }

  private static String leaseJson(Map<String, List<String>> lease) {
    try {
      return JSON.writeValueAsString(lease);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a lease always serialises", e);
    }
  }

  private static Map<String, List<String>> leaseOf(String json) throws SQLException {
    try {
      return JSON.readValue(json, LEASE);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable lease in arcp_job_index", e);
    }
  }

  /** Work that may throw {@link SQLException}. */
  private interface Sql<T> {
    T run() throws SQLException;
  }

  private <T> CompletionStage<T> supply(Sql<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(work.run());
        } catch (SQLException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(closed);
    }
    return result;
  }
}
