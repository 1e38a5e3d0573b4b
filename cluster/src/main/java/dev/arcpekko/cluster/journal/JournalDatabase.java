package dev.arcpekko.cluster.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The database the journal, snapshot store, read journal and durable state store share: an H2
 * file in the node's data directory, or PostgreSQL for several nodes. Rendered as the Slick
 * database configuration that pekko-persistence-jdbc reads from {@link #SHARED_DATABASE_PATH}.
 */
public record JournalDatabase(Dialect dialect, String url, String user, String password) {

  /** Where pekko-persistence-jdbc finds the database its plugins share ({@code default}). */
  public static final String SHARED_DATABASE_PATH = "pekko-persistence-jdbc.shared-databases.default";

  /** The embedded default: the file {@code <dataDir>/arcp.mv.db}. */
  public static JournalDatabase h2(Path dataDir) {
    String file = dataDir.toAbsolutePath().normalize().resolve("arcp").toString();
    // The node stops through Pekko's shutdown hook, which still writes to the journal; H2's own
    // hook would close the database under it. WRITE_DELAY=0: H2 otherwise writes commits to the
    // file up to 500 ms later, so a killed process would lose events it had already published
    // (the kill -9 test catches exactly that). CACHE_SIZE: H2 caches up to 64 MB of pages by
    // default, too much for a small heap; it gets an eighth of the heap, between 4 and 64 MB.
    long cacheKb = Math.max(4096, Math.min(65536, Runtime.getRuntime().maxMemory() / 8 / 1024));
    return new JournalDatabase(Dialect.H2,
        "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;CACHE_SIZE=" + cacheKb, "sa", "");
  }

  /** A PostgreSQL database shared by every node of the cluster. */
  public static JournalDatabase postgres(String url, String user, String password) {
    return new JournalDatabase(Dialect.POSTGRES, url, user, password);
  }

  /** The shared database configured in a node's resolved configuration. */
  public static JournalDatabase configuredIn(Config config) {
    Config shared = config.getConfig(SHARED_DATABASE_PATH);
    String profile = shared.getString("profile");
    Dialect dialect = Arrays.stream(Dialect.values())
        .filter(d -> d.slickProfile.equals(profile))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            SHARED_DATABASE_PATH + ".profile " + profile + " is not supported (H2 or PostgreSQL)"));
    return new JournalDatabase(dialect, shared.getString("db.url"), shared.getString("db.user"),
        shared.getString("db.password"));
  }

  /** This database as the content of {@link #SHARED_DATABASE_PATH}. */
  public Config toSlickConfig() {
    return ConfigFactory.parseMap(Map.of(
            "profile", dialect.slickProfile,
            "db.url", url,
            "db.user", user,
            "db.password", password,
            "db.driver", dialect.driver),
        "journal database derived from arcp.journal");
  }

  /** Without the password, also when the URL carries one ({@code ?password=...}). */
  @Override
  public String toString() {
    return "JournalDatabase[" + dialect + ", " + url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        + ", user=" + user + "]";
  }

  /** The SQL databases the node can journal to. */
  public enum Dialect {
    H2("h2", "slick.jdbc.H2Profile$", "org.h2.Driver"),
    POSTGRES("postgres", "slick.jdbc.PostgresProfile$", "org.postgresql.Driver");

    private final String kind;
    private final String slickProfile;
    private final String driver;

    Dialect(String kind, String slickProfile, String driver) {
      this.kind = kind;
      this.slickProfile = slickProfile;
      this.driver = driver;
    }

    /** The name used by {@code arcp.journal.kind}. */
    public String kind() {
      return kind;
    }

    /** The dialect {@code arcp.journal.kind} names. */
    public static Optional<Dialect> ofKind(String kind) {
      return Arrays.stream(values()).filter(d -> d.kind.equals(kind)).findFirst();
    }
  }
}
