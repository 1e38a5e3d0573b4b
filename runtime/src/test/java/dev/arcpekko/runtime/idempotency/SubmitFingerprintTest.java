package dev.arcpekko.runtime.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.runtime.job.JobRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubmitFingerprintTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JobRecord record(String jobId, String input, Map<String, List<String>> lease, Optional<Long> max)
      throws Exception {
    return record(jobId, input, lease, max, Optional.empty());
  }

  private static JobRecord record(String jobId, String input, Map<String, List<String>> lease, Optional<Long> max,
      Optional<Instant> expiresAt) throws Exception {
    return JobRecord.submitted(jobId, "sess_x", "alice", "echo", "2.0.0", JSON.readTree(input), lease,
        expiresAt, max, Instant.now(), "0".repeat(32), List.of("progress"));
  }

  /** The fingerprint of a submit whose record's lease is the one requested (no cap applied). */
  private static String fingerprint(String jobId, String input, Map<String, List<String>> lease, Optional<Long> max)
      throws Exception {
    return SubmitFingerprint.of(record(jobId, input, lease, max), Lease.parse(lease), Optional.empty());
  }

  @Test
  void theRequestedLeaseCountsNotTheCappedLeaseOfTheRecord() throws Exception {
    Map<String, List<String>> requested = Map.of("fs.read", List.of("/workspace/**", "/etc/**"));
    Map<String, List<String>> capped = Map.of("fs.read", List.of("/workspace/**"));

    assertThat(SubmitFingerprint.of(record("job_1", "{}", capped, Optional.empty()), Lease.parse(requested),
        Optional.empty()))
        .isEqualTo(fingerprint("job_1", "{}", requested, Optional.empty()))
        .isNotEqualTo(fingerprint("job_1", "{}", capped, Optional.empty()));
  }

  @Test
  void theRequestedExpiryCountsNotTheCappedExpiryOfTheRecord() throws Exception {
    Instant asked = Instant.parse("2030-01-01T00:00:00Z");
    Instant capped = Instant.parse("2029-06-01T00:00:00Z");
    Map<String, List<String>> lease = Map.of();
    String cappedToday = SubmitFingerprint.of(record("job_1", "{}", lease, Optional.empty(), Optional.of(capped)),
        Lease.parse(lease), Optional.of(asked));
    String cappedLater = SubmitFingerprint.of(record("job_2", "{}", lease, Optional.empty(),
        Optional.of(capped.plusSeconds(60))), Lease.parse(lease), Optional.of(asked));
    String neverAsked = SubmitFingerprint.of(record("job_3", "{}", lease, Optional.empty(), Optional.of(capped)),
        Lease.parse(lease), Optional.empty());

    assertThat(cappedToday).isEqualTo(cappedLater).isNotEqualTo(neverAsked);
    assertThat(neverAsked).isEqualTo(fingerprint("job_4", "{}", lease, Optional.empty()));
  }

  @Test
  void keyOrderJobIdAndPatternOrderDoNotChangeTheFingerprint() throws Exception {
    String a = fingerprint("job_1", "{\"a\":1,\"b\":[1,2]}",
        Map.of("fs.read", List.of("/a", "/b")), Optional.empty());
    String b = fingerprint("job_2", "{\"b\":[1,2],\"a\":1}",
        Map.of("fs.read", List.of("/b", "/a")), Optional.empty());
    assertThat(a).isEqualTo(b);
  }

  @Test
  void anyParameterChangesTheFingerprint() throws Exception {
    String base = fingerprint("job_1", "{\"a\":1}", Map.of(), Optional.empty());
    assertThat(fingerprint("job_1", "{\"a\":2}", Map.of(), Optional.empty())).isNotEqualTo(base);
    assertThat(fingerprint("job_1", "{\"a\":1}", Map.of("fs.read", List.of("/a")), Optional.empty()))
        .isNotEqualTo(base);
    assertThat(fingerprint("job_1", "{\"a\":1}", Map.of(), Optional.of(5L))).isNotEqualTo(base);
    assertThat(fingerprint("job_1", "[1,2]", Map.of(), Optional.empty()))
        .isNotEqualTo(fingerprint("job_1", "[2,1]", Map.of(), Optional.empty()));
  }
}
