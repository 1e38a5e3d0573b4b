package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.use} (spec 1.1 §9.7) under both settings of {@code arcp.model-use.require-grant}. */
class ModelUseTest {
  private static final String MODELS = "{\"models\": [\"gpt-4o\", \"tier-fast/small\"]}";

  @TempDir
  Path dataDir;

  /** The answers to asking for each of {@link #MODELS} under {@code lease} on a node with {@code overrides}. */
  private String answers(String overrides, String lease) throws Exception {
    try (TestNode node = TestNode.start(dataDir, overrides);
        WireClient client = node.connect()) {
      client.hello(TestNode.ALICE);
      LeasedJobs.Run run = LeasedJobs.run(client, "authority", MODELS, lease);
      return run.terminal().path("payload").path("result").path("models").toString();
    }
  }

  @Test
  void byDefaultALeaseWithoutModelUseAllowsAnyModelAndAGrantIsEnforced() throws Exception {
    assertThat(answers("", "{}")).isEqualTo("[\"ALLOWED\",\"ALLOWED\"]");
    assertThat(answers("", "{\"model.use\": [\"tier-fast/*\"]}")).isEqualTo("[\"PERMISSION_DENIED\",\"ALLOWED\"]");
  }

  @Test
  void whenAGrantIsRequiredALeaseWithoutModelUseForbidsEveryModel() throws Exception {
    String required = "arcp.model-use.require-grant = true";

    assertThat(answers(required, "{\"fs.read\": [\"/workspace/**\"]}"))
        .isEqualTo("[\"PERMISSION_DENIED\",\"PERMISSION_DENIED\"]");
    assertThat(answers(required, "{\"model.use\": [\"tier-fast/*\"]}")).isEqualTo("[\"PERMISSION_DENIED\",\"ALLOWED\"]");
  }
}
