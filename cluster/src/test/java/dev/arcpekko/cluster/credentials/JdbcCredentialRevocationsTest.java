package dev.arcpekko.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.cluster.journal.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The revocation list on H2, and on PostgreSQL when {@code ARCP_TEST_POSTGRES_URL} names a database
 * (CI): per generation, idempotent, shared by every opener of the database (every node and every
 * verifier).
 */
class JdbcCredentialRevocationsTest {
  private static final Instant EXPIRES = Instant.parse("2026-05-13T20:30:00Z");

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(JournalDatabase.Dialect.class)
  void aRevocationIsPerGenerationIdempotentAndSeenByEveryOpener(JournalDatabase.Dialect dialect) throws Exception {
    JournalDatabase database = TestDatabases.withSchema(dialect, dir, "arcp_credential_revocation");
    try (JdbcCredentialRevocations node = JdbcCredentialRevocations.open(database);
        JdbcCredentialRevocations gateway = JdbcCredentialRevocations.open(database)) {
      assertThat(gateway.isRevoked("cred_a", 1)).isFalse();

      node.revoke("cred_a", 1, EXPIRES);
      node.revoke("cred_a", 1, EXPIRES);

      assertThat(gateway.isRevoked("cred_a", 1)).isTrue();
      assertThat(gateway.isRevoked("cred_a", 2)).isFalse();
      assertThat(gateway.isRevoked("cred_b", 1)).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(JournalDatabase.Dialect.class)
  void thePurgeDeletesOnlyEntriesExpiredLongerAgoThanItsMargin(JournalDatabase.Dialect dialect) throws Exception {
    JournalDatabase database = TestDatabases.withSchema(dialect, dir, "arcp_credential_revocation");
    Instant now = Instant.parse("2026-05-13T22:00:00Z");
    try (JdbcCredentialRevocations revocations = JdbcCredentialRevocations.open(database)) {
      revocations.revoke("cred_long_expired", 1, now.minus(Duration.ofHours(2)));
      revocations.revoke("cred_just_expired", 1, now.minus(Duration.ofMinutes(30)));
      revocations.revoke("cred_live", 1, now.plus(Duration.ofMinutes(30)));

      new RevocationPurge(revocations, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC)).run();

      assertThat(revocations.isRevoked("cred_long_expired", 1)).isFalse();
      assertThat(revocations.isRevoked("cred_just_expired", 1)).isTrue();
      assertThat(revocations.isRevoked("cred_live", 1)).isTrue();
      assertThat(revocations.purgeExpiredBefore(now)).isEqualTo(1);
      assertThat(revocations.isRevoked("cred_live", 1)).isTrue();
    }
  }
}
