package dev.arcpekko.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streamed results: result_chunk events ended by job.result {result_id} (spec 1.1 §8.4), over a real socket. */
class ResultStreamTest {
  private static final int MAX_TOTAL = 64 * 1024;

  @RegisterExtension
  static final SharedNode NODE = new SharedNode("arcp.result-stream.max-total-bytes = " + MAX_TOTAL);

  private static WireClient session(String... features) throws Exception {
    WireClient client = NODE.connect();
    client.hello(TestNode.ALICE, features);
    return client;
  }

  private static List<JsonNode> run(WireClient client, String agent, String input) throws Exception {
    client.submit(agent, WireClient.JSON.readTree(input));
    return client.untilTerminal(client.expect("job.accepted").path("job_id").asText());
  }

  private static List<JsonNode> chunkBodies(List<JsonNode> frames) {
    return frames.stream().filter(frame -> frame.path("payload").path("kind").asText().equals("result_chunk"))
        .map(frame -> frame.path("payload").path("body")).toList();
  }

  private static JsonNode terminal(List<JsonNode> frames) {
    return frames.get(frames.size() - 1);
  }

  /** What streamer@1.0.0 produces for {@code chunks} chunks of {@code size} letters. */
  private static String letters(int chunks, int size) {
    return IntStream.range(0, chunks).mapToObj(i -> String.valueOf((char) ('a' + i % 26)).repeat(size))
        .collect(Collectors.joining());
  }

  private static String assembled(List<JsonNode> chunks) {
    return chunks.stream().map(chunk -> chunk.path("data").asText()).collect(Collectors.joining());
  }

  @Test
  void aStreamedResultIsContiguousChunksEndedByAJobResultCarryingItsIdAndSize() throws Exception {
    List<JsonNode> frames = run(session("result_chunk"), "streamer", "{\"chunks\": 30, \"chunk_size\": 100}");

    List<JsonNode> chunks = chunkBodies(frames);
    String resultId = chunks.get(0).path("result_id").asText();
    assertThat(resultId).matches("res_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(chunks).allSatisfy(chunk -> {
      assertThat(chunk.path("result_id").asText()).isEqualTo(resultId);
      assertThat(chunk.path("encoding").asText()).isEqualTo("utf8");
    });
    assertThat(chunks).extracting(chunk -> chunk.path("chunk_seq").asLong())
        .containsExactlyElementsOf(LongStream.range(0, 30).boxed().toList());
    assertThat(chunks).extracting(chunk -> chunk.path("more").asBoolean())
        .containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> i < 29).toList());
    assertThat(assembled(chunks)).isEqualTo(letters(30, 100));

    JsonNode result = terminal(frames);
    assertThat(result.path("type").asText()).isEqualTo("job.result");
    assertThat(result.path("payload").path("final_status").asText()).isEqualTo("success");
    assertThat(result.path("payload").path("result_id").asText()).isEqualTo(resultId);
    assertThat(result.path("payload").path("result_size").asLong()).isEqualTo(3000);
    assertThat(result.path("payload").path("summary").asText()).isEqualTo("30 chunks of 100 bytes");
    assertThat(result.path("payload").has("result")).isFalse();
  }

  @Test
  void aLateSubscriberReassemblesAFinishedResultFromTheJournal() throws Exception {
    WireClient owner = session("result_chunk");
    List<JsonNode> ownerFrames = run(owner, "streamer", "{\"chunks\": 40, \"chunk_size\": 50}");
    String jobId = terminal(ownerFrames).path("job_id").asText();

    WireClient late = session("result_chunk", "subscribe");
    late.subscribe(jobId, true, 0);
    late.expect("job.subscribed");
    List<JsonNode> replay = late.untilTerminal(jobId);

    assertThat(assembled(chunkBodies(replay))).isEqualTo(letters(40, 50));
    assertThat(terminal(replay).path("payload").path("result_id").asText())
        .isEqualTo(chunkBodies(replay).get(0).path("result_id").asText());
    assertThat(terminal(replay).path("payload").path("result_size").asLong()).isEqualTo(2000);
  }

  @Test
  void withoutTheResultChunkFeatureAStreamingJobEndsWithInvalidRequestAndSendsNoChunk() throws Exception {
    List<JsonNode> frames = run(session("ack"), "streamer", "{\"chunks\": 3, \"chunk_size\": 10}");

    assertThat(chunkBodies(frames)).isEmpty();
    JsonNode error = terminal(frames);
    assertThat(error.path("type").asText()).isEqualTo("job.error");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(error.path("payload").path("retryable").asBoolean()).isFalse();
    assertThat(error.path("payload").path("message").asText()).contains("result_chunk");
  }

  @Test
  void aChunkBeyondOneMebibyteEndsTheJobWithARetryableInternalError() throws Exception {
    List<JsonNode> frames = run(session("result_chunk"), "streamer", "{\"chunks\": 2, \"chunk_size\": 1048577}");

    assertThat(chunkBodies(frames)).isEmpty();
    JsonNode error = terminal(frames);
    assertThat(error.path("type").asText()).isEqualTo("job.error");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(error.path("payload").path("retryable").asBoolean()).isTrue();
    assertThat(error.path("payload").path("message").asText()).contains("1048576-byte chunk cap");
  }

  @Test
  void aResultBeyondTheConfiguredTotalEndsTheJobWithARetryableInternalError() throws Exception {
    int chunkSize = MAX_TOTAL / 4;
    List<JsonNode> frames = run(session("result_chunk"), "streamer", "{\"chunks\": 5, \"chunk_size\": " + chunkSize + "}");

    List<JsonNode> chunks = chunkBodies(frames);
    assertThat(chunks).extracting(chunk -> chunk.path("more").asBoolean()).containsOnly(true);
    assertThat(assembled(chunks)).isEqualTo(letters(3, chunkSize));
    JsonNode error = terminal(frames);
    assertThat(error.path("type").asText()).isEqualTo("job.error");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(error.path("payload").path("retryable").asBoolean()).isTrue();
    assertThat(error.path("payload").path("message").asText()).contains("exceed " + MAX_TOTAL + " bytes");
  }

  @Test
  void chunksOnlyComeFromTheResultStream() throws Exception {
    List<JsonNode> frames = run(session("result_chunk"), "probe", "{\"emit_chunk\": true}");

    assertThat(chunkBodies(frames)).isEmpty();
    assertThat(terminal(frames).path("payload").path("result").path("chunk_refused").asText())
        .isEqualTo("result_chunk events are written through openResult()");
  }

  @Test
  void anInlineResultAfterChunksEndsTheJobWithInternalErrorInsteadOfMixingThem() throws Exception {
    List<JsonNode> frames = run(session("result_chunk"), "mixer", "null");

    JsonNode error = terminal(frames);
    assertThat(error.path("type").asText()).isEqualTo("job.error");
    assertThat(error.path("payload").path("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(error.path("payload").path("message").asText()).contains("inline result after opening a result stream");
    assertThat(frames).noneMatch(frame -> frame.path("type").asText().equals("job.result"));
  }
}
