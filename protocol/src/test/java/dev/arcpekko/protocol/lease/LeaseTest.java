package dev.arcpekko.protocol.lease;

import static dev.arcpekko.protocol.lease.CapabilityName.AGENT_DELEGATE;
import static dev.arcpekko.protocol.lease.CapabilityName.COST_BUDGET;
import static dev.arcpekko.protocol.lease.CapabilityName.FS_READ;
import static dev.arcpekko.protocol.lease.CapabilityName.FS_WRITE;
import static dev.arcpekko.protocol.lease.CapabilityName.MODEL_USE;
import static dev.arcpekko.protocol.lease.CapabilityName.NET_FETCH;
import static dev.arcpekko.protocol.lease.CapabilityName.TOOL_CALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseTest {
  private static final Budget NO_BUDGET = Budget.of(List.of());

  private static Lease lease(String capability, String... patterns) {
    return Lease.parse(Map.of(capability, List.of(patterns)));
  }

  private static Budget budget(String... amounts) {
    return Budget.of(Arrays.stream(amounts).map(BudgetAmount::parse).toList());
  }

  @Nested
  class Parsing {
    @Test
    void keepsCapabilitiesAndPatternsAsGivenInOrder() {
      Map<String, List<String>> wire = new LinkedHashMap<>();
      wire.put("net.fetch", List.of("HTTPS://API.example.com:443/**"));
      wire.put("fs.read", List.of("/workspace//myapp/**", "/tmp/*"));
      wire.put("cost.budget", List.of("USD:5.00"));

      assertThat(Lease.parse(wire).asMap()).containsExactlyEntriesOf(wire);
    }

    @Test
    void itsMapCannotBeModified() {
      assertThat(lease("fs.read", "/a/**").asMap()).isUnmodifiable();
    }

    @Test
    void unknownCapabilityIsAnInvalidRequest() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> lease("fs.delete", "/**"))
          .withMessageStartingWith("unknown capability 'fs.delete'");
    }

    @Test
    void acceptsVendorCapabilities() {
      assertThat(
              lease("x-vendor.acme.search", "index-*")
                  .permits(CapabilityName.of("x-vendor.acme.search"), "index-2024"))
          .isTrue();
    }

    @Test
    void malformedPatternIsReportedUnderItsCapabilityAndIndex() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> lease("fs.read", "/workspace/**", "/workspace/../etc/**"))
          .withMessage(
              "fs.read[1]: pattern '/workspace/../etc/**' must not contain '.' or '..' segments");
    }

    @Test
    void emptyPatternIsReportedUnderItsCapabilityAndIndex() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> lease("tool.call", ""))
          .withMessage("tool.call[0]: a pattern must be a non-empty string");
    }

    @Test
    void nullPatternIsInvalid() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> Lease.parse(Map.of("tool.call", Arrays.asList("a", null))))
          .withMessage("tool.call[1]: a pattern must be a non-empty string");
    }

    @Test
    void nullPatternListIsInvalid() {
      Map<String, List<String>> wire = new LinkedHashMap<>();
      wire.put("fs.read", null);

      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> Lease.parse(wire))
          .withMessage("fs.read: must be a list of pattern strings");
    }

    @Test
    void relativePathPatternIsInvalid() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> lease("fs.write", "src/**"))
          .withMessage("fs.write[0]: path pattern 'src/**' must be absolute");
    }

    @Test
    void malformedBudgetAmountIsReportedUnderItsIndex() {
      assertThatExceptionOfType(ProtocolViolation.class)
          .isThrownBy(() -> lease("cost.budget", "USD:5.00", "EUR:1e3"))
          .withMessageStartingWith("cost.budget[1]: invalid cost.budget amount 'EUR:1e3'");
    }

    @Test
    void budgetSumsTheAmountsOfEachCurrency() {
      Lease lease = lease("cost.budget", "USD:5.00", "credits:1000", "USD:1");

      assertThat(lease.budget().orElseThrow().asMap())
          .containsExactly(
              Map.entry("USD", new BigDecimal("6.00")),
              Map.entry("credits", new BigDecimal("1000")));
    }

    @Test
    void leaseWithoutCostBudgetHasNoBudget() {
      assertThat(lease("fs.read", "/**").budget()).isEmpty();
    }

    @Test
    void emptyLeaseGrantsNothing() {
      assertThat(Lease.empty().permits(FS_READ, "/")).isFalse();
    }
  }

  @Nested
  class FilesystemEnforcement {
    private final Lease lease = lease("fs.read", "/workspace/**");

    @ParameterizedTest
    @ValueSource(
        strings = {
          "/workspace",
          "/workspace/",
          "/workspace/src/main.ts",
          "/workspace//src///main.ts",
          "/workspace/./src/./main.ts",
          "/workspace/src/../README.md",
          "/workspace/../workspace/x"
        })
    void permitsTargetsWhoseCanonicalFormIsInside(String target) {
      assertThat(lease.permits(FS_READ, target)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "/workspace/a/../../etc/passwd",
          "/workspace/../etc/passwd",
          "/workspace/../../../../etc/shadow",
          "/workspace/..",
          "/workspace2/x",
          "/workspace2",
          "/etc/workspace/x",
          "workspace/x",
          "./workspace/x",
          "/workspace/x\0/../../../etc/passwd",
          ""
        })
    void deniesTraversalLookalikesRelativePathsAndNul(String target) {
      assertThat(lease.permits(FS_READ, target)).isFalse();
    }

    @Test
    void deniesAnotherCapabilityOverTheSamePath() {
      assertThat(lease.permits(FS_WRITE, "/workspace/x")).isFalse();
    }

    @Test
    void singleStarDoesNotCrossDirectories() {
      Lease shallow = lease("fs.write", "/workspace/out/*");

      assertThat(shallow.permits(FS_WRITE, "/workspace/out/a/b")).isFalse();
    }
  }

  @Nested
  class NetworkEnforcement {
    private final Lease lease = lease("net.fetch", "https://api.example.com/v1/**");

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://api.example.com/v1",
          "https://api.example.com/v1/",
          "https://api.example.com/v1/users?id=7",
          "HTTPS://API.EXAMPLE.COM/v1/users",
          "https://api.example.com:443/v1/users",
          "https://api.example.com/v1/users#section",
          "https://api.example.com/%76%31/users",
          "https://api.example.com/v1//users"
        })
    void permitsUrlsWhoseCanonicalFormIsInside(String target) {
      assertThat(lease.permits(NET_FETCH, target)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://api.example.com/v1/../admin",
          "https://api.example.com/v1/%2e%2e/admin",
          "https://api.example.com/v1/%2E%2E/%2E%2E/admin",
          "https://api.example.com@evil.com/v1/users",
          "https://api.example.com.evil.com/v1/users",
          "https://api.example.com:8443/v1/users",
          "http://api.example.com/v1/users",
          "https://api.example.com/v2/users",
          "https://api.example.com/v1x/users",
          "https://api.example.com/v1/a b",
          "//api.example.com/v1/users",
          "not a url"
        })
    void deniesTraversalUserinfoTricksOtherPortsAndSchemes(String target) {
      assertThat(lease.permits(NET_FETCH, target)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com", "https://api.example.com/", "https://api.example.com/?q=1"})
    void aWholeHostGrantCoversTheHostsRoot(String target) {
      assertThat(lease("net.fetch", "https://api.example.com/**").permits(NET_FETCH, target)).isTrue();
    }

    @Test
    void aHostWildcardCannotReachIntoTheQueryOfABareHost() {
      assertThat(lease("net.fetch", "https://*.example.com/**").permits(NET_FETCH, "https://evil.com?.example.com"))
          .isFalse();
    }

    @Test
    void hostWildcardCannotReachIntoTheQuery() {
      Lease subdomains = lease("net.fetch", "https://*.example.com/**");

      assertThat(subdomains.permits(NET_FETCH, "https://evil.com?.example.com")).isFalse();
    }

    @Test
    void hostWildcardPermitsSubdomains() {
      Lease subdomains = lease("net.fetch", "https://*.example.com/**");

      assertThat(subdomains.permits(NET_FETCH, "https://api.example.com/x")).isTrue();
    }
  }

  @Nested
  class NameEnforcement {
    private final Lease tools = lease("tool.call", "mcp:github/*", "humanq.*");

    @ParameterizedTest
    @ValueSource(strings = {"mcp:github/create_issue", "humanq.ask"})
    void permitsToolsMatchingAnyPattern(String tool) {
      assertThat(tools.permits(TOOL_CALL, tool)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcp:github/repos/delete", "mcp:gitlab/x", "humanqask", "humanq.ask\n"})
    void deniesOtherTools(String tool) {
      assertThat(tools.permits(TOOL_CALL, tool)).isFalse();
    }

    @Test
    void permitsModelsMatchingTierOrVendorPatterns() {
      Lease models = lease("model.use", "tier-fast/*", "anthropic/claude-3-haiku-*");

      assertThat(models.permits(MODEL_USE, "anthropic/claude-3-haiku-20240307")).isTrue();
    }

    @Test
    void deniesModelsOutsideThePatterns() {
      Lease models = lease("model.use", "tier-fast/*", "anthropic/claude-3-haiku-*");

      assertThat(models.permits(MODEL_USE, "anthropic/claude-3-opus-20240229")).isFalse();
    }

    @Test
    void permitsDelegationToNamedAgentsOnly() {
      Lease agents = lease("agent.delegate", "test-runner", "lint-runner");

      assertThat(agents.permits(AGENT_DELEGATE, "test-runner-evil")).isFalse();
    }
  }

  @Test
  void costBudgetIsNotAnOperationAndPermitsNothing() {
    assertThat(lease("cost.budget", "USD:5").permits(COST_BUDGET, "USD:1")).isFalse();
  }

  @Nested
  class Subsetting {
    private final Lease parent =
        Lease.parse(
            Map.of(
                "fs.read", List.of("/workspace/myapp/**"),
                "fs.write", List.of("/workspace/myapp/src/auth/**"),
                "net.fetch", List.of("https://api.example.com/**"),
                "tool.call", List.of("mcp:github/*", "humanq.*"),
                "agent.delegate", List.of("test-runner", "lint-runner"),
                "model.use", List.of("anthropic/claude-3-haiku-*")));

    @Test
    void narrowerLeaseIsASubset() {
      Lease child =
          Lease.parse(
              Map.of(
                  "fs.read", List.of("/workspace/myapp/tests/**"),
                  "fs.write", List.of("/workspace/myapp/src/auth/generated/*.ts"),
                  "tool.call", List.of("humanq.ask"),
                  "model.use", List.of("anthropic/claude-3-haiku-2024*")));

      assertThat(child.subsetViolation(parent, NO_BUDGET)).isEmpty();
    }

    @Test
    void leaseIsASubsetOfItself() {
      assertThat(parent.subsetViolation(parent, NO_BUDGET)).isEmpty();
    }

    @Test
    void emptyLeaseIsASubsetOfAnyLease() {
      assertThat(Lease.empty().subsetViolation(parent, NO_BUDGET)).isEmpty();
    }

    @Test
    void widerPatternIsAViolationNamingCapabilityAndPattern() {
      Lease child = lease("fs.write", "/workspace/myapp/**");

      assertThat(child.subsetViolation(parent, NO_BUDGET))
          .contains(
              "fs.write pattern '/workspace/myapp/**' is not covered by any fs.write pattern of"
                  + " the parent lease");
    }

    @Test
    void capabilityTheParentLacksIsAViolation() {
      Lease child = lease("x-vendor.acme.search", "*");

      assertThat(child.subsetViolation(parent, NO_BUDGET))
          .contains(
              "x-vendor.acme.search pattern '*' is not covered by any x-vendor.acme.search pattern"
                  + " of the parent lease");
    }

    @Test
    void emptyPatternListOfACapabilityTheParentLacksGrantsNothingAndIsASubset() {
      assertThat(lease("x-vendor.acme.search").subsetViolation(parent, NO_BUDGET)).isEmpty();
    }

    @Test
    void modelThePatternsDoNotCoverIsAViolation() {
      assertThat(lease("model.use", "anthropic/*").subsetViolation(parent, NO_BUDGET)).isPresent();
    }

    @Test
    void agentTheParentCannotDelegateToIsAViolation() {
      assertThat(lease("agent.delegate", "*-runner").subsetViolation(parent, NO_BUDGET))
          .isPresent();
    }

    @Test
    void patternsThatOnlyLookNarrowerAfterCanonicalisationAreCompared() {
      Lease child = lease("net.fetch", "HTTPS://API.EXAMPLE.COM:443/v1//**");

      assertThat(child.subsetViolation(parent, NO_BUDGET)).isEmpty();
    }

    @Test
    void budgetWithinTheParentsRemainingIsASubset() {
      Budget remaining = budget("USD:5.00").minus("USD", new BigDecimal("3.00"));

      assertThat(lease("cost.budget", "USD:2").subsetViolation(parent, remaining)).isEmpty();
    }

    @Test
    void budgetBeyondTheParentsRemainingIsAViolation() {
      Budget remaining = budget("USD:5.00").minus("USD", new BigDecimal("3.00"));

      assertThat(lease("cost.budget", "USD:2.01").subsetViolation(parent, remaining))
          .contains("cost.budget USD:2.01 exceeds the parent's remaining USD:2.00");
    }

    @Test
    void budgetInACurrencyTheParentLacksIsAViolation() {
      assertThat(lease("cost.budget", "EUR:1").subsetViolation(parent, budget("USD:5")))
          .contains("cost.budget EUR:1 names a currency the parent lease does not budget");
    }

    @Test
    void budgetUnderAParentWithoutBudgetIsAViolation() {
      assertThat(lease("cost.budget", "USD:1").subsetViolation(parent, NO_BUDGET)).isPresent();
    }

    @Test
    void childWithoutBudgetIsNotCheckedAgainstTheParentsBudget() {
      assertThat(lease("fs.read", "/workspace/myapp/x").subsetViolation(parent, budget("USD:0")))
          .isEmpty();
    }
  }
}
