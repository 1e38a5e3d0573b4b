package dev.arcpekko.runtime.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.event.ChunkEncoding;
import dev.arcpekko.protocol.event.ResultChunkBody;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobResult;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.Json;
import dev.arcpekko.runtime.agent.RecordingJobContext;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamerAgentTest {
  private final StreamerAgent streamer = new StreamerAgent();

  private static RecordingJobContext streaming(String input) {
    return RecordingJobContext.firstRun("streamer@1.0.0", Json.parse(input));
  }

  private static List<ResultChunkBody> chunks(RecordingJobContext context) {
    assertThat(context.events()).hasOnlyElementsOfType(ResultChunkBody.class);
    return context.events().stream().map(ResultChunkBody.class::cast).toList();
  }

  @Test
  void streamsChunkIAsTheLetterAPlusIModulo26RepeatedChunkSizeTimesAndReturnsNull() throws Exception {
    RecordingJobContext context = streaming("{'chunks': 28, 'chunk_size': 3}");

    assertThat(streamer.run(context)).isNull();
    JobResult result = context.finishResult();

    List<ResultChunkBody> chunks = chunks(context);
    assertThat(chunks).hasSize(28);
    assertThat(chunks).extracting(ResultChunkBody::chunkSeq).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 28).boxed().toList());
    assertThat(chunks.subList(0, 3)).extracting(ResultChunkBody::data).containsExactly("aaa", "bbb", "ccc");
    assertThat(chunks.subList(25, 28)).extracting(ResultChunkBody::data).containsExactly("zzz", "aaa", "bbb");
    assertThat(chunks).extracting(ResultChunkBody::encoding).containsOnly(ChunkEncoding.UTF8);
    assertThat(chunks).extracting(ResultChunkBody::more).containsOnlyOnce(false);
    assertThat(chunks.get(27).more()).isFalse();
    assertThat(result).isEqualTo(JobResult.streamed("res_test", 84, Optional.of("28 chunks of 3 bytes")));
  }

  @Test
  void zeroChunksEndWithOneEmptyFinalChunk() throws Exception {
    RecordingJobContext context = streaming("{'chunks': 0, 'chunk_size': 5}");

    streamer.run(context);

    assertThat(context.finishResult().resultSize()).isEqualTo(OptionalLong.of(0));
    assertThat(chunks(context)).containsExactly(new ResultChunkBody("res_test", 0, "", ChunkEncoding.UTF8, false));
  }

  @Test
  void aChunkBeyondOneMebibyteIsRefused() {
    RecordingJobContext context = streaming("{'chunks': 1, 'chunk_size': 1048577}");

    assertThatThrownBy(() -> streamer.run(context)).isInstanceOf(IllegalStateException.class)
        .hasMessage("a result chunk of 1048577 bytes exceeds the 1048576-byte chunk cap");
  }

  @Test
  void withoutTheResultChunkFeatureTheJobIsRefused() {
    RecordingJobContext context = streaming("{'chunks': 2, 'chunk_size': 1}").negotiating(Set.of(Feature.ACK));

    assertThatThrownBy(() -> streamer.run(context)).isInstanceOfSatisfying(AgentFailure.class,
        failure -> assertThat(failure.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThat(context.events()).isEmpty();
  }

  @Test
  void refusesMissingOrOutOfRangeInput() {
    InvalidInput.assertRefused(streamer, "{'chunk_size': 1}", "input.chunks: required field is missing");
    InvalidInput.assertRefused(streamer, "{'chunks': 1, 'chunk_size': -1}",
        "input.chunk_size: must be at least 0, got -1");
    InvalidInput.assertRefused(streamer, "{'chunks': 1, 'chunk_size': 2097153}",
        "input.chunk_size: must be at most 2097152, got 2097153");
  }
}
