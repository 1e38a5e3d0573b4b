package dev.arcpekko.cluster.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.cluster.journal.TestDatabases;
import dev.arcpekko.protocol.message.JobStatus;
import dev.arcpekko.runtime.auth.ObserverPolicy.Scope;
import dev.arcpekko.runtime.listing.JobIndexRow;
import dev.arcpekko.runtime.listing.JobQuery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC job index on H2, and on PostgreSQL when {@code ARCP_TEST_POSTGRES_URL} names a database
 * (CI): guarded upserts (a status never regresses, a seq never decreases, a seq may come first),
 * keyset pages with every filter, and one cursor key for every opener.
 */
class JdbcJobIndexTest {
  private static final Instant T0 = Instant.parse("2026-05-13T19:30:00.123456Z");

  @TempDir
  Path dir;

  private JournalDatabase database(JournalDatabase.Dialect dialect) throws Exception {
    return TestDatabases.withSchema(dialect, dir, "arcp_job_index");
  }

  private JdbcJobIndex open(JournalDatabase.Dialect dialect) throws Exception {
    return JdbcJobIndex.open(database(dialect), Optional.empty());
  }

  private static JobIndexRow row(String jobId, String owner, String agent, JobStatus status, Instant createdAt) {
    String[] ref = agent.split("@");
    return new JobIndexRow(jobId, owner, "sess_1", ref[0], ref[1], status, Map.of("fs.read", List.of("/tmp/**")),
        Optional.empty(), createdAt, "0123456789abcdef0123456789abcdef", 0, JobIndexRow.rankOf(status));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static JobQuery all(Scope scope, int limit) {
    return new JobQuery(scope, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), limit);
  }

  private static Scope owners(String... principals) {
    return new Scope.Owners(Set.of(principals));
  }

  @ParameterizedTest
  @EnumSource(JournalDatabase.Dialect.class)
  void aStatusNeverMovesBackAndASeqNeverDecreases(JournalDatabase.Dialect dialect) throws Exception {
    try (JdbcJobIndex index = open(dialect)) {
      await(index.write(List.of(row("job_a", "alice", "echo@1.0.0", JobStatus.SUCCESS, T0)), Map.of("job_a", 7L)));
      await(index.write(List.of(row("job_a", "alice", "echo@1.0.0", JobStatus.RUNNING, T0)), Map.of("job_a", 3L)));

      JobIndexRow stored = await(index.page(all(owners("alice"), 10))).get(0);
      assertThat(stored.status()).isEqualTo(JobStatus.SUCCESS);
      assertThat(stored.lastEventSeq()).isEqualTo(7);
      assertThat(stored.createdAt()).isEqualTo(T0);
      assertThat(stored.lease()).isEqualTo(Map.of("fs.read", List.of("/tmp/**")));
      assertThat(stored.traceId()).isEqualTo("0123456789abcdef0123456789abcdef");
    }
  }

  @ParameterizedTest
  @EnumSource(JournalDatabase.Dialect.class)
  void aSeqArrivingBeforeItsRowIsKeptButNotListedUntilTheRowArrives(JournalDatabase.Dialect dialect)
      throws Exception {
    try (JdbcJobIndex index = open(dialect)) {
      await(index.write(List.of(), Map.of("job_b", 4L)));
      assertThat(await(index.page(all(new Scope.Everyone(), 10)))).isEmpty();

      await(index.write(List.of(row("job_b", "alice", "echo@1.0.0", JobStatus.PENDING, T0)), Map.of()));

      assertThat(await(index.page(all(new Scope.Everyone(), 10))))
          .singleElement().satisfies(stored -> {
            assertThat(stored.status()).isEqualTo(JobStatus.PENDING);
            assertThat(stored.lastEventSeq()).isEqualTo(4);
          });
    }
  }

  @ParameterizedTest
  @EnumSource(JournalDatabase.Dialect.class)
  void pagesAreScopedFilteredAndContinueBelowTheLastJobId(JournalDatabase.Dialect dialect) throws Exception {
    try (JdbcJobIndex index = open(dialect)) {
      await(index.write(List.of(
          row("job_1", "alice", "echo@1.0.0", JobStatus.SUCCESS, T0),
          row("job_2", "alice", "echo@2.0.0", JobStatus.RUNNING, T0.plusSeconds(1)),
          row("job_3", "bob", "echo@2.0.0", JobStatus.RUNNING, T0.plusSeconds(2)),
          row("job_4", "alice", "sleeper@1.0.0", JobStatus.ERROR, T0.plusSeconds(3))), Map.of()));

      assertThat(ids(await(index.page(all(owners("alice"), 10))))).containsExactly("job_4", "job_2", "job_1");
      assertThat(ids(await(index.page(all(owners("alice", "bob"), 2))))).containsExactly("job_4", "job_3");
      assertThat(ids(await(index.page(new JobQuery(owners("alice"), Set.of(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of("job_4"), 10))))).containsExactly("job_2", "job_1");
      assertThat(ids(await(index.page(new JobQuery(owners("alice"), Set.of(JobStatus.RUNNING, JobStatus.ERROR),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10)))))
          .containsExactly("job_4", "job_2");
      assertThat(ids(await(index.page(new JobQuery(owners("alice", "bob"),
          Set.of(JobStatus.RUNNING, JobStatus.ERROR, JobStatus.SUCCESS), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), 3))))).containsExactly("job_4", "job_3", "job_2");
      assertThat(ids(await(index.page(new JobQuery(new Scope.Everyone(), Set.of(JobStatus.RUNNING, JobStatus.SUCCESS),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("job_3"), 10)))))
          .containsExactly("job_2", "job_1");
      assertThat(ids(await(index.page(new JobQuery(owners("alice"), Set.of(), Optional.of("echo"), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), 10))))).containsExactly("job_2", "job_1");
      assertThat(ids(await(index.page(new JobQuery(owners("alice"), Set.of(), Optional.of("echo"),
          Optional.of("2.0.0"), Optional.empty(), Optional.empty(), Optional.empty(), 10))))).containsExactly("job_2");
      assertThat(ids(await(index.page(new JobQuery(owners("alice"), Set.of(), Optional.empty(), Optional.empty(),
          Optional.of(T0), Optional.of(T0.plusSeconds(3)), Optional.empty(), 10))))).containsExactly("job_2");
    }
  }

  @ParameterizedTest
  @EnumSource(JournalDatabase.Dialect.class)
  void everyOpenerOfTheDatabaseSignsWithTheSameGeneratedKey(JournalDatabase.Dialect dialect) throws Exception {
    JournalDatabase database = database(dialect);
    byte[] first;
    try (JdbcJobIndex index = JdbcJobIndex.open(database, Optional.empty())) {
      first = await(index.cursorKey());
    }
    try (JdbcJobIndex index = JdbcJobIndex.open(database, Optional.empty())) {
      assertThat(await(index.cursorKey())).hasSize(32).isEqualTo(first);
    }
    try (JdbcJobIndex index = JdbcJobIndex.open(database, Optional.of("configured-" + UUID.randomUUID()))) {
      assertThat(await(index.cursorKey())).isNotEqualTo(first);
    }
  }

  private static List<String> ids(List<JobIndexRow> rows) {
    return rows.stream().map(JobIndexRow::jobId).toList();
  }
}
