package dev.arcpekko.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.runtime.agent.Authorization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code authorize} on canonical targets of every capability, in the order expiry, budget, pattern. */
class LeaseGuardTest {
  private static final Instant NOW = Instant.parse("2026-05-13T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Map<String, List<String>> LEASE = lease();

  private static Map<String, List<String>> lease() {
    Map<String, List<String>> lease = new LinkedHashMap<>();
    lease.put("fs.read", List.of("/workspace/**"));
    lease.put("fs.write", List.of("/workspace/out/*"));
    lease.put("net.fetch", List.of("https://api.example.com/v1/**"));
    lease.put("tool.call", List.of("mcp:github/*", "humanq.*"));
    lease.put("agent.delegate", List.of("test-runner"));
    lease.put("model.use", List.of("tier-fast/*"));
    lease.put("x-vendor.acme.queue", List.of("jobs/*"));
    return lease;
  }

  private static LeaseGuard guard(Map<String, List<String>> lease, Optional<Instant> expiresAt,
      Optional<String> exhaustedCurrency, boolean modelUseRequiresGrant) {
    return new LeaseGuard(Lease.parse(lease), expiresAt, () -> exhaustedCurrency, modelUseRequiresGrant, CLOCK);
  }

  private static LeaseGuard guard(Map<String, List<String>> lease) {
    return guard(lease, Optional.empty(), Optional.empty(), false);
  }

  private static ErrorCode denial(Authorization answer) {
    assertThat(answer).isInstanceOf(Authorization.Denied.class);
    Authorization.Denied denied = (Authorization.Denied) answer;
    assertThat(denied.error().retryable()).isFalse();
    assertThat(denied.error().message()).isNotBlank();
    return denied.error().code();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "fs.read, /workspace/a.txt",
      "fs.read, /workspace",
      "fs.read, /workspace/",
      "fs.read, /workspace//src///a.txt",
      "fs.read, /workspace/./src/./a.txt",
      "fs.read, /workspace/src/../b.txt",
      "fs.write, /workspace/out/report.md",
      "fs.write, /workspace/out/tmp/../report.md",
      "net.fetch, https://api.example.com/v1/users",
      "net.fetch, HTTPS://API.Example.COM/v1/users",
      "net.fetch, https://api.example.com:443/v1/users",
      "net.fetch, https://api.example.com/v1//users",
      "net.fetch, https://api.example.com/v1/a/%2E%2E/users",
      "net.fetch, https://api.example.com/v1/users#fragment",
      "tool.call, mcp:github/create_issue",
      "tool.call, humanq.ask",
      "agent.delegate, test-runner",
      "model.use, tier-fast/small",
      "x-vendor.acme.queue, jobs/42",
  })
  void allowsTargetsWhoseCanonicalFormMatchesAPattern(String capability, String target) {
    assertThat(guard(LEASE).check(capability, target).isAllowed()).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "fs.read, /workspace/../etc/passwd",
      "fs.read, /workspace/a/../../etc/passwd",
      "fs.read, /workspace/./../etc/passwd",
      "fs.read, //workspace/../../etc/passwd",
      "fs.read, /etc/passwd",
      "fs.read, workspace/a.txt",
      "fs.read, ../workspace/a.txt",
      "fs.read, /workspace-other/a.txt",
      "fs.read, /WORKSPACE/a.txt",
      "fs.read, /workspace/%2e%2e/etc/passwd/../../../../etc/passwd",
      "fs.write, /workspace/out/sub/report.md",
      "fs.write, /workspace/out/../secret.txt",
      "fs.write, /workspace/a.txt",
      "net.fetch, https://api.example.com/v1/%2e%2e/admin",
      "net.fetch, https://api.example.com/v1/%2E%2E/admin",
      "net.fetch, https://api.example.com/v1/../admin",
      "net.fetch, https://api.example.com/v1/./../admin",
      "net.fetch, https://api.example.com/v1%2Fadmin",
      "net.fetch, https://api.example.com/v2/users",
      "net.fetch, http://api.example.com/v1/users",
      "net.fetch, https://api.example.com.evil.test/v1/users",
      "net.fetch, https://api.example.com@evil.test/v1/users",
      "net.fetch, https://api.example.com:8443/v1/users",
      "net.fetch, /v1/users",
      "tool.call, mcp:github/repos/delete",
      "tool.call, mcp:gitlab/create_issue",
      "tool.call, shell.exec",
      "agent.delegate, test-runner-2",
      "agent.delegate, Test-Runner",
      "model.use, tier-large/big",
      "x-vendor.acme.queue, jobs/42/retry",
      "x-vendor.acme.other, jobs/42",
  })
  void deniesEverythingElseWithPermissionDenied(String capability, String target) {
    assertThat(denial(guard(LEASE).check(capability, target))).isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void anUnknownCapabilityIsAnInvalidRequest() {
    Authorization answer = guard(LEASE).check("fs.exec", "/workspace/a");

    assertThat(answer).isInstanceOfSatisfying(Authorization.Denied.class,
        denied -> assertThat(denied.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void anExpiredLeaseAnswersLeaseExpiredEvenForAPermittedTarget() {
    LeaseGuard expired = guard(LEASE, Optional.of(NOW), Optional.empty(), false);

    assertThat(denial(expired.check("fs.read", "/workspace/a.txt"))).isEqualTo(ErrorCode.LEASE_EXPIRED);
    assertThat(guard(LEASE, Optional.of(NOW.plusMillis(1)), Optional.empty(), false)
        .check("fs.read", "/workspace/a.txt").isAllowed()).isTrue();
  }

  @Test
  void expiryIsCheckedBeforeTheBudgetAndThePattern() {
    LeaseGuard expiredAndSpent = guard(LEASE, Optional.of(NOW.minusSeconds(1)), Optional.of("USD"), false);

    assertThat(denial(expiredAndSpent.check("fs.read", "/etc/passwd"))).isEqualTo(ErrorCode.LEASE_EXPIRED);
  }

  @Test
  void anExhaustedBudgetAnswersBudgetExhaustedBeforePermissionDenied() {
    LeaseGuard spent = guard(LEASE, Optional.of(NOW.plusSeconds(60)), Optional.of("USD"), false);

    assertThat(denial(spent.check("fs.read", "/etc/passwd"))).isEqualTo(ErrorCode.BUDGET_EXHAUSTED);
    assertThat(denial(spent.check("fs.read", "/workspace/a.txt"))).isEqualTo(ErrorCode.BUDGET_EXHAUSTED);
  }

  @Test
  void withoutAModelUseGrantAnyModelIsAllowedUnlessAGrantIsRequired() {
    Map<String, List<String>> noModels = Map.of("fs.read", List.of("/workspace/**"));

    assertThat(guard(noModels, Optional.empty(), Optional.empty(), false).check("model.use", "gpt-4o").isAllowed())
        .isTrue();
    assertThat(denial(guard(noModels, Optional.empty(), Optional.empty(), true).check("model.use", "gpt-4o")))
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void aModelUseGrantIsEnforcedWhateverTheSetting() {
    Map<String, List<String>> empty = Map.of("model.use", List.of());

    assertThat(denial(guard(LEASE).check("model.use", "gpt-4o"))).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(denial(guard(empty).check("model.use", "gpt-4o"))).isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void aModelCallStillRespectsExpiryAndBudgetWithoutAGrant() {
    Map<String, List<String>> noModels = Map.of();

    assertThat(denial(guard(noModels, Optional.of(NOW), Optional.empty(), false).check("model.use", "gpt-4o")))
        .isEqualTo(ErrorCode.LEASE_EXPIRED);
    assertThat(denial(guard(noModels, Optional.empty(), Optional.of("USD"), false).check("model.use", "gpt-4o")))
        .isEqualTo(ErrorCode.BUDGET_EXHAUSTED);
  }
}
