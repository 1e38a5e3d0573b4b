package dev.arcpekko.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.arcpekko.protocol.lease.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

  @Test
  void defaultsMatchTheDocumentedValues() {
    RuntimeSettings settings = RuntimeSettings.fromConfig(ConfigFactory.load());
    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.resumeWindow()).isEqualTo(Duration.ofSeconds(600));
    assertThat(settings.cancelGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.missedHeartbeatsAllowed()).isEqualTo(2);
    assertThat(settings.maxFrameBytes()).isEqualTo(1024 * 1024);
    assertThat(settings.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(settings.websocketPath()).isEqualTo("/arcp");
    assertThat(settings.modelUseRequiresGrant()).isFalse();
    Lease wide = Lease.parse(Map.of("fs.read", List.of("/**"), "cost.budget", List.of("USD:1000")));
    assertThat(settings.leaseCaps().effectiveLease("alice", wide)).isEqualTo(wide);
  }

  @Test
  void intervalsAdvertisedInSecondsMustBeWholeSeconds() {
    assertThatThrownBy(() -> RuntimeSettings.fromConfig(
        ConfigFactory.parseString("arcp.heartbeat-interval = 500ms").withFallback(ConfigFactory.load())))
        .hasMessageContaining("arcp.heartbeat-interval");
    assertThatThrownBy(() -> RuntimeSettings.fromConfig(
        ConfigFactory.parseString("arcp.resume-window = 1500ms").withFallback(ConfigFactory.load())))
        .hasMessageContaining("arcp.resume-window");
  }
}
