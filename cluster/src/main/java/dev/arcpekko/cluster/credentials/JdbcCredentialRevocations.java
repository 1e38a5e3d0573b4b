package dev.arcpekko.cluster.credentials;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.runtime.credentials.CredentialException;
import dev.arcpekko.runtime.credentials.CredentialRevocations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The revocation list in the journal's database (table {@code arcp_credential_revocation}, created
 * by {@code JournalSchema}), shared by every node and by any verifier with access to it. Calls
 * block; a database failure is a transient {@link CredentialException}.
 */
public final class JdbcCredentialRevocations implements CredentialRevocations, AutoCloseable {

  private static final String REVOKE = """
      MERGE INTO arcp_credential_revocation t
      USING (SELECT CAST(? AS VARCHAR(64)) AS credential_id, CAST(? AS INTEGER) AS generation,
          CAST(? AS TIMESTAMP(6) WITH TIME ZONE) AS expires_at, CAST(? AS TIMESTAMP(6) WITH TIME ZONE) AS revoked_at) s
      ON t.credential_id = s.credential_id AND t.generation = s.generation
      WHEN NOT MATCHED THEN INSERT (credential_id, generation, expires_at, revoked_at)
        VALUES (s.credential_id, s.generation, s.expires_at, s.revoked_at)""";

  private static final String IS_REVOKED =
      "SELECT 1 FROM arcp_credential_revocation WHERE credential_id = ? AND generation = ?";

  private static final String PURGE = "DELETE FROM arcp_credential_revocation WHERE expires_at < ?";

  private final HikariDataSource pool;

  private JdbcCredentialRevocations(HikariDataSource pool) {
    this.pool = pool;
  }

  /** The list in {@code database}, whose schema {@code JournalSchema} has applied. */
  public static JdbcCredentialRevocations open(JournalDatabase database) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("arcp-credential-revocations");
    config.setJdbcUrl(database.url());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    return new JdbcCredentialRevocations(new HikariDataSource(config));
  }

  @Override
  public void revoke(String id, int generation, Instant expiresAt) throws CredentialException {
    try (Connection connection = pool.getConnection();
        PreparedStatement merge = connection.prepareStatement(REVOKE)) {
      merge.setString(1, id);
      merge.setInt(2, generation);
      merge.setObject(3, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
      merge.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
      merge.executeUpdate();
    } catch (SQLException e) {
      throw CredentialException.transientFailure("the revocation list cannot be written: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isRevoked(String id, int generation) throws CredentialException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(IS_REVOKED)) {
      select.setString(1, id);
      select.setInt(2, generation);
      try (ResultSet result = select.executeQuery()) {
        return result.next();
      }
    } catch (SQLException e) {
      throw CredentialException.transientFailure("the revocation list cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the entries of credentials that expired before {@code expiredBefore}: such a token fails
   * verification on its expiry alone. Returns how many were deleted.
   *
   * @throws SQLException when the database cannot be written
   */
  public int purgeExpiredBefore(Instant expiredBefore) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement delete = connection.prepareStatement(PURGE)) {
      delete.setObject(1, OffsetDateTime.ofInstant(expiredBefore, ZoneOffset.UTC));
      return delete.executeUpdate();
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
