package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.runtime.session.SessionEntity;
import java.time.Duration;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Subscription history of a finished 100,000-event job: streamed from the journal in order, at
 * the pace the subscriber reads, without stalling other sessions (spec 1.1 §7.6).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LargeReplayTest {
  private static final int LINES = 100_000;

  @RegisterExtension
  static final SharedNode NODE = new SharedNode("");
  private static String bigJob;

  /**
   * Reads {@code jobId}'s frames through its terminal, checking seq and line order; acks every 500
   * frames (as the official clients do, often). Returns the job's frames, back-pressure signals aside.
   */
  private static long readAll(WireClient client, String jobId, long firstSeq) {
    long expectedSeq = firstSeq;
    long line = 0;
    long signals = 0;
    while (true) {
      JsonNode frame = client.next();
      if (!frame.has("event_seq")) {
        continue;
      }
      assertThat(frame.path("event_seq").asLong()).isEqualTo(expectedSeq);
      if (expectedSeq % 500 == 0) {
        client.ack(expectedSeq);
      }
      expectedSeq++;
      assertThat(frame.path("job_id").asText()).isEqualTo(jobId);
      if (frame.path("type").asText().equals("job.result")) {
        assertThat(frame.path("payload").path("result").path("lines").asLong()).isEqualTo(LINES);
        assertThat(line).isEqualTo(LINES);
        return expectedSeq - firstSeq - signals;
      }
      if (frame.path("payload").path("body").path("phase").asText().startsWith("back_pressure")) {
        signals++;
        continue;
      }
      String message = frame.path("payload").path("body").path("message").asText();
      if (message.startsWith("line ")) {
        assertThat(message).isEqualTo("line " + ++line);
      }
    }
  }

  @Test
  @Order(1)
  void aLateSubscriberToAFinishedHundredThousandEventJobReceivesEveryEventInOrder() throws Exception {
    WireClient owner = NODE.connect();
    owner.hello(TestNode.ALICE, "ack");
    owner.submit("chatty", WireClient.JSON.readTree("{\"count\": " + LINES + "}"));
    bigJob = owner.expect("job.accepted").path("job_id").asText();
    long started = System.nanoTime();
    long ownerFrames = readAll(owner, bigJob, 1);
    System.out.printf("[replay] owner received %d frames in %d ms%n", ownerFrames,
        Duration.ofNanos(System.nanoTime() - started).toMillis());

    WireClient late = NODE.connect();
    late.hello(TestNode.ALICE, "subscribe", "ack");
    WireClient bystander = NODE.connect();
    bystander.hello(TestNode.BOB);

    started = System.nanoTime();
    late.subscribe(bigJob, true, 0);
    assertThat(late.expect("job.subscribed").path("payload").path("current_status").asText()).isEqualTo("success");
    // While the replay streams, another session's job runs to its end.
    bystander.runEcho(WireClient.JSON.readTree("{\"during\": \"replay\"}"));
    long frames = readAll(late, bigJob, 1);
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(frames).isEqualTo(ownerFrames).isEqualTo(LINES + 2);
    System.out.printf("[replay] late subscriber received %d frames in %d ms: %.0f events/s%n", frames, millis,
        frames * 1000.0 / millis);
  }

  @Test
  @Order(2)
  void aSubscriberThatStopsReadingHoldsTheReplayBackInsteadOfBeingCutOff() throws Exception {
    WireClient stuck = NODE.connect();
    stuck.hello(TestNode.ALICE, "subscribe");
    stuck.subscribe(bigJob, true, 0);
    stuck.expect("job.subscribed");
    stuck.pauseReading();
    Thread.sleep(3000);

    long stamped = highestSequenceNrOf(stuck.sessionId());
    System.out.printf("[replay] a paused subscriber's session stamped %d of %d frames%n", stamped, LINES + 2);
    assertThat(stamped).isLessThan(LINES / 4);
    assertThat(stuck.isClosed()).isFalse();
    WireClient other = NODE.connect();
    other.hello(TestNode.BOB);
    other.runEcho(WireClient.JSON.readTree("{\"while\": \"stuck\"}"));

    stuck.resumeReading();
    assertThat(readAll(stuck, bigJob, 1)).isEqualTo(LINES + 2);
  }

  /** How many events the session has journaled (its highest sequence number; old ones are deleted on snapshots). */
  private static long highestSequenceNrOf(String sessionId) throws Exception {
    CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(NODE.node().system)
        .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, "jdbc-read-journal");
    return journal.currentEventsByPersistenceId(
            PersistenceId.of(SessionEntity.TYPE_KEY.name(), sessionId).id(), 0, Long.MAX_VALUE)
        .runWith(Sink.fold(0L, (highest, event) -> Math.max(highest, event.sequenceNr())), NODE.node().system)
        .toCompletableFuture().get();
  }
}
