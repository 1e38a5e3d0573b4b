package dev.arcpekko.runtime.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.message.Credential;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientConstraintAliasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode aliased(String constraints) throws Exception {
    Credential credential = new Credential("cred_1", "bearer", "sk-virt-1", "https://gw.example.com/v1",
        Optional.empty(), Optional.of((ObjectNode) JSON.readTree(constraints)));
    return ClientConstraintAliases.addedTo(credential).constraints().orElseThrow();
  }

  @Test
  void theSpecsNamesStayAndTheTypeScriptClientsNamesAreAdded() throws Exception {
    ObjectNode written = aliased(
        "{\"cost.budget\":[\"USD:5.00\"],\"model.use\":[\"tier-fast/*\"],\"expires_at\":\"2026-05-13T23:42:00Z\"}");

    assertThat(written.path("cost.budget").toString()).isEqualTo("[\"USD:5.00\"]");
    assertThat(written.path("model.use").toString()).isEqualTo("[\"tier-fast/*\"]");
    assertThat(written.path("expires_at").asText()).isEqualTo("2026-05-13T23:42:00Z");
    assertThat(written.path("allowed_models").toString()).isEqualTo("[\"tier-fast/*\"]");
    assertThat(written.path("max_spend").toString()).isEqualTo("{\"currency\":\"USD\",\"amount\":5.00}");
  }

  @Test
  void anOverspentBudgetIsAZeroSpendCapAndSeveralCurrenciesHaveNone() throws Exception {
    assertThat(aliased("{\"cost.budget\":[\"USD:-0.50\"]}").path("max_spend").toString())
        .isEqualTo("{\"currency\":\"USD\",\"amount\":0}");
    assertThat(aliased("{\"cost.budget\":[\"USD:1\",\"credits:10\"]}").has("max_spend")).isFalse();
    assertThat(aliased("{\"cost.budget\":[\"not-an-amount\"]}").has("max_spend")).isFalse();
    assertThat(aliased("{\"expires_at\":\"2026-05-13T23:42:00Z\"}").size()).isEqualTo(1);
  }
}
