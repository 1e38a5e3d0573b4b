package dev.arcpekko.runtime.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.JobFilter;
import dev.arcpekko.protocol.message.JobStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** List cursors continue only for the principal and filter they were issued for, and only untouched. */
class ListCursorTest {
  private static final byte[] KEY = "a key of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);
  private static final JobFilter RUNNING = new JobFilter(List.of(JobStatus.RUNNING), Optional.empty(),
      Optional.empty(), Optional.empty());
  private final ListCursor cursors = new ListCursor(KEY);

  @Test
  void aCursorYieldsItsPositionForItsPrincipalAndFilter() {
    String cursor = cursors.after("job_01JABC", "alice", RUNNING);

    assertThat(cursor).startsWith("c1.").doesNotContain("alice");
    assertThat(cursors.position(cursor, "alice", RUNNING)).contains("job_01JABC");
  }

  @Test
  void statusOrderDoesNotChangeTheFilterACursorIsBoundTo() {
    JobFilter twoStatuses = new JobFilter(List.of(JobStatus.RUNNING, JobStatus.PENDING), Optional.empty(),
        Optional.empty(), Optional.empty());
    JobFilter reordered = new JobFilter(List.of(JobStatus.PENDING, JobStatus.RUNNING), Optional.empty(),
        Optional.empty(), Optional.empty());

    assertThat(cursors.position(cursors.after("job_1", "alice", twoStatuses), "alice", reordered)).contains("job_1");
  }

  @Test
  void anotherPrincipalOrAnotherFilterIsRefused() {
    String cursor = cursors.after("job_01JABC", "alice", RUNNING);

    assertThat(cursors.position(cursor, "bob", RUNNING)).isEmpty();
    assertThat(cursors.position(cursor, "alice", JobFilter.none())).isEmpty();
    assertThat(cursors.position(cursor, "alice", new JobFilter(List.of(JobStatus.RUNNING),
        Optional.of(AgentRef.parse("echo")), Optional.empty(), Optional.empty()))).isEmpty();
  }

  @Test
  void aTamperedPositionOrSignatureIsRefused() {
    String cursor = cursors.after("job_01JABC", "alice", RUNNING);
    String[] parts = cursor.split("\\.");
    String otherPosition = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("job_01JZZZ".getBytes(StandardCharsets.UTF_8));
    char last = cursor.charAt(cursor.length() - 1);

    assertThat(cursors.position(parts[0] + "." + otherPosition + "." + parts[2], "alice", RUNNING)).isEmpty();
    assertThat(cursors.position(cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A'), "alice",
        RUNNING)).isEmpty();
    assertThat(cursors.position("c1.not base64!.x", "alice", RUNNING)).isEmpty();
    assertThat(cursors.position("garbage", "alice", RUNNING)).isEmpty();
    assertThat(cursors.position("", "alice", RUNNING)).isEmpty();
  }

  /** The last character of a 32-byte MAC in base64 carries 2 unused bits; flipping them is tampering too. */
  @Test
  void everyNonCanonicalSpellingOfTheSignatureIsRefused() {
    String cursor = cursors.after("job_01JABC", "alice", RUNNING);
    String head = cursor.substring(0, cursor.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    for (char last : alphabet.toCharArray()) {
      String spelled = head + last;
      assertThat(cursors.position(spelled, "alice", RUNNING)).as(spelled)
          .isEqualTo(spelled.equals(cursor) ? Optional.of("job_01JABC") : Optional.empty());
    }
  }

  @Test
  void aCursorSignedWithAnotherKeyIsRefused() {
    String foreign = new ListCursor("another key, also sixteen bytes".getBytes(StandardCharsets.UTF_8))
        .after("job_01JABC", "alice", RUNNING);

    assertThat(cursors.position(foreign, "alice", RUNNING)).isEmpty();
  }
}
