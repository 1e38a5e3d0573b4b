package dev.arcpekko.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.arcpekko.protocol.lease.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading {@code arcp.lease-caps} and choosing the cap of a principal. */
class LeaseCapsTest {
  private static final Lease WIDE = Lease.parse(Map.of(
      "fs.read", List.of("/**"), "cost.budget", List.of("USD:100"), "tool.call", List.of("*")));

  private static LeaseCaps caps(String config, boolean modelUseRequiresGrant) {
    return LeaseCaps.fromConfig(ConfigFactory.parseString(config), modelUseRequiresGrant);
  }

  @Test
  void aPrincipalsOwnEntryReplacesTheDefaultAndAnEmptyEntryCapsNothing() {
    LeaseCaps caps = caps("""
        default { "fs.read" = ["/public/**"] }
        principals {
          alice { "fs.read" = ["/workspace/**"], "cost.budget" = ["USD:10"] }
          root {}
        }
        """, false);

    assertThat(caps.effectiveLease("alice", WIDE).asMap()).isEqualTo(Map.of(
        "fs.read", List.of("/workspace/**"), "cost.budget", List.of("USD:10"), "tool.call", List.of("*")));
    assertThat(caps.effectiveLease("bob", WIDE).asMap()).isEqualTo(Map.of(
        "fs.read", List.of("/public/**"), "cost.budget", List.of("USD:100"), "tool.call", List.of("*")));
    assertThat(caps.effectiveLease("root", WIDE)).isEqualTo(WIDE);
  }

  @Test
  void unquotedCapabilityKeysAndQuotedPrincipalNamesAreRead() {
    LeaseCaps caps = caps("""
        default {}
        principals { "ops@example.com" { fs.read = ["/workspace/**"], x-vendor.acme.queue = ["jobs/*"] } }
        """, false);

    assertThat(caps.effectiveLease("ops@example.com", WIDE).asMap()).containsEntry("fs.read", List.of("/workspace/**"));
  }

  @Test
  void aModelUseCapIsImposedOnALeaseWithoutModelUseOnlyWhenThatLeaseWouldAllowEveryModel() {
    String config = """
        default { "model.use" = ["tier-fast/*"] }
        principals {}
        """;

    assertThat(caps(config, false).effectiveLease("bob", WIDE).asMap()).containsEntry("model.use", List.of("tier-fast/*"));
    assertThat(caps(config, true).effectiveLease("bob", WIDE).asMap()).doesNotContainKey("model.use");
  }

  @Test
  void anInvalidCapIsRefusedAtStartupNamingItsEntry() {
    assertThatThrownBy(() -> caps("""
        default {}
        principals { alice { "fs.read" = ["relative/**"] } }
        """, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arcp.lease-caps.principals.alice");
  }

  @Test
  void maxDurationBoundsTheExpiryAndGivesALeaseWithoutOneAnExpiry() {
    LeaseCaps caps = caps("""
        default { max-duration = 1h }
        principals {
          alice { "fs.read" = ["/workspace/**"] }
          batch { max-duration = 10m, "cost.budget" = ["USD:1"] }
        }
        """, false);
    Instant now = Instant.parse("2026-12-06T10:00:00.123456Z");
    Instant inAnHour = Instant.parse("2026-12-06T11:00:00.123Z");

    assertThat(caps.effectiveExpiry("bob", Optional.empty(), now)).contains(inAnHour);
    assertThat(caps.effectiveExpiry("bob", Optional.of(now.plusSeconds(7200)), now)).contains(inAnHour);
    assertThat(caps.effectiveExpiry("bob", Optional.of(now.plusSeconds(60)), now)).contains(now.plusSeconds(60));
    assertThat(caps.effectiveExpiry("batch", Optional.empty(), now))
        .contains(Instant.parse("2026-12-06T10:10:00.123Z"));
    // alice's own entry replaces the default, and names no max-duration.
    assertThat(caps.effectiveExpiry("alice", Optional.empty(), now)).isEmpty();
    // A max-duration alone caps no capability; next to grants, it is not read as one.
    assertThat(caps.effectiveLease("bob", WIDE)).isEqualTo(WIDE);
    assertThat(caps.effectiveLease("batch", WIDE).asMap()).containsEntry("cost.budget", List.of("USD:1"))
        .doesNotContainKey("max-duration");
    assertThat(LeaseCaps.none().effectiveExpiry("bob", Optional.empty(), now)).isEmpty();
  }

  @Test
  void aMaxDurationThatIsNotPositiveIsRefusedAtStartup() {
    assertThatThrownBy(() -> caps("""
        default { max-duration = 0s }
        principals {}
        """, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arcp.lease-caps.default.max-duration");
  }
}
