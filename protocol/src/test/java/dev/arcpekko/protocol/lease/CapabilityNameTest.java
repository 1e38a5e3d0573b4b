package dev.arcpekko.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ProtocolViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CapabilityNameTest {

  @ParameterizedTest
  @CsvSource({
    "fs.read, PATH",
    "fs.write, PATH",
    "net.fetch, URL",
    "tool.call, NAME",
    "agent.delegate, NAME",
    "cost.budget, AMOUNT",
    "model.use, NAME"
  })
  void reservedNamesKnowTheirTargetKind(String name, TargetKind kind) {
    assertThat(CapabilityName.of(name).targetKind()).isEqualTo(kind);
  }

  @Test
  void reservedNamesResolveToTheirConstants() {
    assertThat(CapabilityName.of("fs.read")).isSameAs(CapabilityName.FS_READ);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x-vendor.acme.search", "x-vendor.acme.search.v2", "x-vendor.a_b.c-d.0"})
  void vendorNamesAreNameCapabilities(String name) {
    CapabilityName vendor = CapabilityName.of(name);

    assertThat(vendor.targetKind()).isEqualTo(TargetKind.NAME);
    assertThat(vendor.wire()).isEqualTo(name);
  }

  @Test
  void vendorNamesAreEqualByName() {
    assertThat(CapabilityName.of("x-vendor.acme.search"))
        .isEqualTo(CapabilityName.of("x-vendor.acme.search"));
  }

  @Test
  void unknownNameIsAnInvalidRequestListingWhatIsExpected() {
    assertThatExceptionOfType(ProtocolViolation.class)
        .isThrownBy(() -> CapabilityName.of("foo.bar"))
        .withMessage(
            "unknown capability 'foo.bar': expected one of fs.read, fs.write, net.fetch,"
                + " tool.call, agent.delegate, cost.budget, model.use or x-vendor.<vendor>.<name>")
        .satisfies(violation -> assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x-vendor.acme",
        "x-vendor..acme.search",
        "x-vendor.Acme.search",
        "X-vendor.acme.search",
        "x-vendor.acme.search.",
        "FS.READ",
        "fs.read ",
        "fs",
        ""
      })
  void malformedNamesAreRejected(String name) {
    assertThatExceptionOfType(ProtocolViolation.class).isThrownBy(() -> CapabilityName.of(name));
  }
}
