package dev.arcpekko.cluster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.runtime.RuntimeSettings;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.AddressFromURIString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How flags, environment, configuration files and defaults combine into one configuration. */
class NodeConfigurationTest {
  private static final String HOST = "arcp.node.host";

  @TempDir Path dir;

  @Test
  void withNothingConfiguredButATokenTheNodeIsOneMemberOnLoopbackPort7777() {
    NodeConfiguration resolved = resolve(NodeOptions.none(), env());

    assertThat(resolved.node()).isEqualTo(new NodeSettings("127.0.0.1", 7777,
        Path.of("data").toAbsolutePath(), false, "127.0.0.1", 0, List.of()));
    Config config = resolved.config();
    assertThat(config.getString("pekko.actor.provider")).isEqualTo("cluster");
    assertThat(config.getInt("pekko.remote.artery.canonical.port")).isZero();
    assertThat(config.getString("pekko.cluster.downing-provider-class"))
        .isEqualTo("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    assertThat(config.getString("pekko.cluster.split-brain-resolver.active-strategy"))
        .isEqualTo("keep-majority");
    assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
    assertThat(config.getString("pekko.persistence.snapshot-store.plugin"))
        .isEqualTo("jdbc-snapshot-store");
    assertThat(config.getString("pekko.stdout-loglevel")).isEqualTo("OFF");
    RuntimeSettings runtime = RuntimeSettings.fromConfig(config);
    assertThat(runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(runtime.resumeWindow()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void flagsBeatTheEnvironment() {
    NodeConfiguration resolved =
        resolve(NodeOptions.parse("--host", "flag-host"), env("ARCP_HOST", "env-host"));

    assertThat(resolved.node().host()).isEqualTo("flag-host");
  }

  @Test
  void theEnvironmentBeatsTheConfigFile() throws Exception {
    Path file = write("node.conf", HOST + " = file-host");

    NodeConfiguration resolved = resolve(
        NodeOptions.parse("--config", file.toString()), env("ARCP_HOST", "env-host"));

    assertThat(resolved.node().host()).isEqualTo("env-host");
  }

  @Test
  void theConfigFileBeatsApplicationConf() throws Exception {
    Path file = write("node.conf", HOST + " = file-host");
    ClassLoader loader = classpathWith("application.conf", HOST + " = app-host");

    NodeConfiguration resolved =
        NodeConfiguration.resolve(NodeOptions.parse("--config", file.toString()), env(), loader);

    assertThat(resolved.node().host()).isEqualTo("file-host");
  }

  @Test
  void applicationConfBeatsTheNodeDefaults() throws Exception {
    ClassLoader loader = classpathWith("application.conf", HOST + " = app-host");

    NodeConfiguration resolved = NodeConfiguration.resolve(NodeOptions.none(), env(), loader);

    assertThat(resolved.node().host()).isEqualTo("app-host");
  }

  @Test
  void arcpConfigNamesTheConfigFileUnlessTheFlagDoes() throws Exception {
    Path fromVariable = write("variable.conf", HOST + " = variable-host");
    Path fromFlag = write("flag.conf", HOST + " = flag-file-host");

    NodeConfiguration byVariable =
        resolve(NodeOptions.none(), env("ARCP_CONFIG", fromVariable.toString()));
    NodeConfiguration byFlag = resolve(NodeOptions.parse("--config", fromFlag.toString()),
        env("ARCP_CONFIG", fromVariable.toString()));

    assertThat(byVariable.node().host()).isEqualTo("variable-host");
    assertThat(byFlag.node().host()).isEqualTo("flag-file-host");
  }

  @Test
  void aMissingConfigFileIsRefusedWithItsPath() {
    Path missing = dir.resolve("missing.conf");

    assertThatThrownBy(() -> resolve(NodeOptions.parse("--config", missing.toString()), env()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void heartbeatAndResumeWindowSecondsReachTheRuntimeSettings() {
    NodeConfiguration resolved = resolve(NodeOptions.parse("--heartbeat-sec", "45"),
        env("ARCP_RESUME_WINDOW_SEC", "120"));

    RuntimeSettings runtime = RuntimeSettings.fromConfig(resolved.config());
    assertThat(runtime.heartbeatInterval()).isEqualTo(Duration.ofSeconds(45));
    assertThat(runtime.resumeWindow()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void anInvalidNumberIsRefusedNamingWhereItCameFrom() {
    assertThatThrownBy(() -> resolve(NodeOptions.none(), env("ARCP_PORT", "seventy")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("ARCP_PORT: expected a port number (0-65535), got 'seventy'");
    assertThatThrownBy(() -> resolve(NodeOptions.parse("--heartbeat-sec", "0"), env()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--heartbeat-sec: expected a positive number of seconds, got '0'");
  }

  @Test
  void anInvalidValueInAConfigFileIsRefusedAsConfiguration() throws Exception {
    Path file = write("node.conf", "arcp.node.port = lots");

    assertThatThrownBy(() -> resolve(NodeOptions.parse("--config", file.toString()), env()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("arcp.node.port");
  }

  @Test
  void theDataDirectoryIsMadeAbsoluteEverywhere() {
    NodeConfiguration resolved = resolve(NodeOptions.parse("--data-dir", "relative/dir"), env());

    Path expected = Path.of("relative/dir").toAbsolutePath();
    assertThat(resolved.node().dataDir()).isEqualTo(expected);
    assertThat(resolved.config().getString("arcp.node.data-dir")).isEqualTo(expected.toString());
  }

  @Test
  void theJournalDefaultsToAnH2FileInTheDataDirectorySharedByEveryPlugin() {
    NodeConfiguration resolved =
        resolve(NodeOptions.parse("--data-dir", dir.toString()), env());

    Config config = resolved.config();
    assertThat(config.getString(JournalDatabase.SHARED_DATABASE_PATH + ".profile"))
        .isEqualTo("slick.jdbc.H2Profile$");
    assertThat(config.getString(JournalDatabase.SHARED_DATABASE_PATH + ".db.url"))
        .startsWith("jdbc:h2:file:" + dir.toAbsolutePath().resolve("arcp") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;CACHE_SIZE=");
    for (String plugin : new String[] {"jdbc-journal", "jdbc-snapshot-store", "jdbc-read-journal"}) {
      assertThat(config.getString(plugin + ".use-shared-db")).as(plugin).isEqualTo("default");
    }
  }

  @Test
  void postgresIsSelectedFromTheEnvironmentAndItsPasswordIsNeverShown() {
    NodeConfiguration resolved = resolve(NodeOptions.none(), env(
        "ARCP_JOURNAL", "postgres",
        "ARCP_PG_URL", "jdbc:postgresql://db.internal:5432/arcp?password=hunter3&ssl=true",
        "ARCP_PG_USER", "node",
        "ARCP_PG_PASSWORD", "hunter2"));

    JournalDatabase database = JournalDatabase.configuredIn(resolved.config());
    assertThat(database).isEqualTo(JournalDatabase.postgres(
        "jdbc:postgresql://db.internal:5432/arcp?password=hunter3&ssl=true", "node", "hunter2"));
    assertThat(resolved.config().getString(JournalDatabase.SHARED_DATABASE_PATH + ".profile"))
        .isEqualTo("slick.jdbc.PostgresProfile$");
    assertThat(database.toString()).doesNotContain("hunter2", "hunter3")
        .contains("db.internal:5432/arcp?password=***&ssl=true");
  }

  @Test
  void theCredentialProvisionerAndItsSecretComeFromTheEnvironment() {
    NodeConfiguration resolved = resolve(NodeOptions.none(), env(
        "ARCP_CREDENTIALS_PROVISIONER", "hmac",
        "ARCP_CREDENTIALS_HMAC_SECRET", "a-signing-key-of-at-least-32-bytes!",
        "ARCP_CREDENTIALS_HMAC_ENDPOINT", "https://gateway.internal/v1"));

    assertThat(resolved.config().getString("arcp.credentials.provisioner")).isEqualTo("hmac");
    assertThat(resolved.config().getString("arcp.credentials.hmac.secret"))
        .isEqualTo("a-signing-key-of-at-least-32-bytes!");
    assertThat(resolved.config().getString("arcp.credentials.hmac.endpoint")).isEqualTo("https://gateway.internal/v1");
  }

  @Test
  void anExplicitSharedDatabaseSettingBeatsTheDerivedOne() throws Exception {
    Path file = write("node.conf",
        JournalDatabase.SHARED_DATABASE_PATH + ".db.url = \"jdbc:h2:mem:elsewhere\"");

    NodeConfiguration resolved = resolve(NodeOptions.parse("--config", file.toString()), env());

    assertThat(JournalDatabase.configuredIn(resolved.config()).url()).isEqualTo("jdbc:h2:mem:elsewhere");
  }

  @Test
  void anUnknownJournalKindIsRefused() {
    assertThatThrownBy(() -> resolve(NodeOptions.none(), env("ARCP_JOURNAL", "mysql")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("arcp.journal.kind: expected h2 or postgres, got 'mysql'");
  }

  @Test
  void clusterPortAndSeedNodesComeFromFlagAndEnvironment() {
    NodeConfiguration resolved = resolve(NodeOptions.parse("--cluster-port", "25520"),
        env("ARCP_SEED_NODES", "10.0.0.1:25520, pekko://arcp@10.0.0.2:25521"));

    assertThat(resolved.config().getInt("pekko.remote.artery.canonical.port")).isEqualTo(25520);
    assertThat(resolved.node().seedNodes()).containsExactly(
        AddressFromURIString.parse("pekko://arcp@10.0.0.1:25520"),
        AddressFromURIString.parse("pekko://arcp@10.0.0.2:25521"));
  }

  @Test
  void aSeedNodeThatIsNotAClusterAddressIsRefused() {
    assertThatThrownBy(() -> resolve(NodeOptions.none(), env("ARCP_SEED_NODES", "pekko://other@h:1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'pekko://other@h:1' is not a cluster address");
  }

  @Test
  void stdioIsASwitch() {
    assertThat(resolve(NodeOptions.parse("--stdio"), env()).node().stdio()).isTrue();
  }

  private static NodeConfiguration resolve(NodeOptions options, Map<String, String> environment) {
    return NodeConfiguration.resolve(options, environment, NodeConfigurationTest.class.getClassLoader());
  }

  /** An environment with one token and the given variables. */
  private static Map<String, String> env(String... namesAndValues) {
    Map<String, String> environment = new HashMap<>();
    environment.put("ARCP_TOKENS", "secret=alice");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      environment.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return environment;
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private ClassLoader classpathWith(String resource, String content) throws Exception {
    Path root = Files.createDirectories(dir.resolve("classpath"));
    Files.writeString(root.resolve(resource), content);
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
  }
}
