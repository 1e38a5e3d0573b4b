package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaseCapTest {

  /** A lease from alternating capability names and comma-separated pattern lists. */
  private static Lease lease(String... capabilityThenPatterns) {
    Map<String, List<String>> wire = new LinkedHashMap<>();
    for (int i = 0; i < capabilityThenPatterns.length; i += 2) {
      String patterns = capabilityThenPatterns[i + 1];
      wire.put(capabilityThenPatterns[i], patterns.isEmpty() ? List.of() : List.of(patterns.split(",")));
    }
    return Lease.parse(wire);
  }

  private static LeaseCap cap(String... capabilityThenPatterns) {
    return new LeaseCap(lease(capabilityThenPatterns), Set.of());
  }

  @Test
  void aPatternTheCapCoversIsKeptAsRequested() {
    Lease effective = cap("fs.read", "/workspace/**").apply(lease("fs.read", "/workspace/app/src/**"));

    assertThat(effective.asMap()).isEqualTo(Map.of("fs.read", List.of("/workspace/app/src/**")));
  }

  @Test
  void aWiderPatternIsNarrowedToTheCapPatternsItCovers() {
    Lease effective = cap("fs.read", "/workspace/**,/data/public/**,/etc/hosts")
        .apply(lease("fs.read", "/workspace/**,/data/**"));

    assertThat(effective.asMap())
        .isEqualTo(Map.of("fs.read", List.of("/workspace/**", "/data/public/**")));
  }

  @Test
  void aPatternOutsideTheCapIsDroppedAndTheCapabilityThenGrantsNothing() {
    Lease effective = cap("fs.read", "/workspace/**").apply(lease("fs.read", "/etc/**"));

    assertThat(effective.asMap()).isEqualTo(Map.of("fs.read", List.of()));
    assertThat(effective.permits(CapabilityName.FS_READ, "/etc/passwd")).isFalse();
  }

  @Test
  void capabilitiesTheCapDoesNotNameAreNotCapped() {
    Lease effective = cap("fs.read", "/workspace/**")
        .apply(lease("net.fetch", "https://api.example.com/**", "tool.call", "*"));

    assertThat(effective.asMap()).isEqualTo(
        Map.of("net.fetch", List.of("https://api.example.com/**"), "tool.call", List.of("*")));
  }

  @Test
  void capabilitiesTheRequestDoesNotNameAreNotGranted() {
    Lease effective = cap("fs.read", "/workspace/**", "model.use", "tier-fast/*").apply(lease("tool.call", "x"));

    assertThat(effective.asMap()).isEqualTo(Map.of("tool.call", List.of("x")));
  }

  @Test
  void vendorAndModelCapabilitiesAreCappedAsGlobs() {
    Lease effective = cap("model.use", "tier-fast/*", "x-vendor.acme.queue", "jobs/*")
        .apply(lease("model.use", "tier-fast/small,tier-large/*", "x-vendor.acme.queue", "**"));

    assertThat(effective.asMap()).isEqualTo(
        Map.of("model.use", List.of("tier-fast/small"), "x-vendor.acme.queue", List.of("jobs/*")));
  }

  @Test
  void aCapabilityThatIsUnboundedWhenAbsentIsImposed() {
    LeaseCap cap = new LeaseCap(lease("model.use", "tier-fast/*"), Set.of(CapabilityName.MODEL_USE));

    assertThat(cap.apply(lease("tool.call", "x")).asMap())
        .isEqualTo(Map.of("tool.call", List.of("x"), "model.use", List.of("tier-fast/*")));
  }

  @Test
  void theBudgetIsTheSmallerAmountPerCurrencyAndCappedCurrenciesAreImposed() {
    Lease effective = cap("cost.budget", "USD:10,credits:500")
        .apply(lease("cost.budget", "USD:25.50,EUR:3,USD:1"));

    assertThat(effective.budget().orElseThrow().asMap()).containsOnlyKeys("USD", "EUR", "credits");
    assertThat(effective.budget().orElseThrow().remaining("USD")).hasValueSatisfying(
        usd -> assertThat(usd).isEqualByComparingTo("10"));
    assertThat(effective.budget().orElseThrow().remaining("EUR")).hasValueSatisfying(
        eur -> assertThat(eur).isEqualByComparingTo("3"));
    assertThat(effective.budget().orElseThrow().remaining("credits")).hasValueSatisfying(
        credits -> assertThat(credits).isEqualByComparingTo("500"));
  }

  @Test
  void aSmallerRequestedBudgetIsKept() {
    Lease effective = cap("cost.budget", "USD:10").apply(lease("cost.budget", "USD:2.50"));

    assertThat(effective.asMap()).isEqualTo(Map.of("cost.budget", List.of("USD:2.50")));
  }

  @Test
  void aRequestWithinTheCapIsUnchanged() {
    Lease requested = lease("fs.read", "/workspace/a/**", "cost.budget", "USD:1.00", "tool.call", "search");

    assertThat(cap("fs.read", "/workspace/**", "cost.budget", "USD:5").apply(requested)).isEqualTo(requested);
  }
}
