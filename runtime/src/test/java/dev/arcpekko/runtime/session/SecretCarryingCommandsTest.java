package dev.arcpekko.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Session commands that may carry a credential value never print it: Pekko logs messages (dead
 * letters, debug logging), and a value must never reach a log (spec 1.1 §14).
 */
class SecretCarryingCommandsTest {
  private static final String SECRET = "sk-virt-never-print-me";

  @Test
  void commandsCarryingAnAcceptanceOrARotatedValueDoNotPrintIt() throws Exception {
    JsonNode accepted = new ObjectMapper().readTree("{\"job_id\":\"job_1\",\"credentials\":[{\"id\":\"cred_1\","
        + "\"scheme\":\"bearer\",\"value\":\"" + SECRET + "\",\"endpoint\":\"https://gw.example.com/v1\"}]}");

    List<Object> commands = List.of(
        new SessionEntity.JobStarted("job_1", "trace", accepted),
        new SessionEntity.ChildAccepted("job_1", "trace", accepted),
        new SessionEntity.ResubmitAnswer("job_1", Optional.of("trace"), Optional.of(accepted), Optional.empty()),
        new SessionEntity.CredentialRotated("job_1", "trace", "cred_1", SECRET));

    assertThat(commands).allSatisfy(command ->
        assertThat(command.toString()).contains("job_1").doesNotContain(SECRET));
  }
}
