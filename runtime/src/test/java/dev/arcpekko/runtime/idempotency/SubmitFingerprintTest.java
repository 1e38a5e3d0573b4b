package dev.arcpekko.runtime.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    return JobRecord.submitted(jobId, "sess_x", "alice", "echo", "2.0.0", JSON.readTree(input), lease,
        Optional.empty(), max, Instant.now(), "0".repeat(32), List.of("progress"));
  }

  @Test
  void keyOrderJobIdAndPatternOrderDoNotChangeTheFingerprint() throws Exception {
    String a = SubmitFingerprint.of(record("job_1", "{\"a\":1,\"b\":[1,2]}",
        Map.of("fs.read", List.of("/a", "/b")), Optional.empty()));
    String b = SubmitFingerprint.of(record("job_2", "{\"b\":[1,2],\"a\":1}",
        Map.of("fs.read", List.of("/b", "/a")), Optional.empty()));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void anyParameterChangesTheFingerprint() throws Exception {
    String base = SubmitFingerprint.of(record("job_1", "{\"a\":1}", Map.of(), Optional.empty()));
    assertThat(SubmitFingerprint.of(record("job_1", "{\"a\":2}", Map.of(), Optional.empty()))).isNotEqualTo(base);
    assertThat(SubmitFingerprint.of(record("job_1", "{\"a\":1}", Map.of("fs.read", List.of("/a")), Optional.empty())))
        .isNotEqualTo(base);
    assertThat(SubmitFingerprint.of(record("job_1", "{\"a\":1}", Map.of(), Optional.of(5L)))).isNotEqualTo(base);
    assertThat(SubmitFingerprint.of(record("job_1", "[1,2]", Map.of(), Optional.empty())))
        .isNotEqualTo(SubmitFingerprint.of(record("job_1", "[2,1]", Map.of(), Optional.empty())));
  }
}
