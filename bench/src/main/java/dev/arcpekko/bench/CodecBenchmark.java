package dev.arcpekko.bench;

import dev.arcpekko.protocol.ArcpCodec;
import dev.arcpekko.protocol.DecodeResult;
import dev.arcpekko.protocol.Envelope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the wire codec on the frames a busy node handles most: job events going out,
 * submits and acks coming in, and hostile frames that must be refused cheaply.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
  private static final String EVENT = "{\"arcp\":\"1.1\",\"id\":\"msg_01JABCDEFGHJKMNPQRSTVWXYZ\","
      + "\"type\":\"job.event\",\"session_id\":\"sess_01JABCDEFGHJKMNPQRSTVWXYZ\","
      + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"job_id\":\"job_01JABCDEFGHJKMNPQRSTVWXYZ\","
      + "\"event_seq\":1827,\"payload\":{\"kind\":\"log\",\"ts\":\"2026-05-13T19:42:13.842Z\","
      + "\"body\":{\"level\":\"info\",\"message\":\"12,408 rows loaded\"}}}";
  private static final String SUBMIT = "{\"arcp\":\"1.1\",\"id\":\"msg_01JABCDEFGHJKMNPQRSTVWXYZ\","
      + "\"type\":\"job.submit\",\"session_id\":\"sess_01JABCDEFGHJKMNPQRSTVWXYZ\",\"payload\":{"
      + "\"agent\":\"code-refactor@2.0.0\",\"input\":{\"instruction\":\"Migrate the auth module\","
      + "\"repo_path\":\"/workspace/myapp\"},\"lease_request\":{\"fs.read\":[\"/workspace/myapp/**\"],"
      + "\"fs.write\":[\"/workspace/myapp/src/**\"],\"cost.budget\":[\"USD:5.00\"],"
      + "\"model.use\":[\"tier-fast/*\"]},\"lease_constraints\":{\"expires_at\":\"2030-05-13T23:42:00Z\"},"
      + "\"idempotency_key\":\"refactor-auth-2026-W19\",\"max_runtime_sec\":1800}}";
  private static final String ACK = "{\"arcp\":\"1.1\",\"id\":\"01JABCDEFGHJKMNPQRSTVWXYZ\","
      + "\"type\":\"session.ack\",\"session_id\":\"sess_01JABCDEFGHJKMNPQRSTVWXYZ\","
      + "\"payload\":{\"last_processed_seq\":1827}}";

  private final ArcpCodec codec = new ArcpCodec();
  private Envelope event;
  private String depthBomb;

  @Setup
  public void setUp() {
    event = ((DecodeResult.Decoded) codec.decode(EVENT)).envelope();
    depthBomb = "{\"arcp\":\"1.1\",\"id\":\"m\",\"type\":\"job.submit\",\"payload\":{\"input\":"
        + "[".repeat(100_000) + "]".repeat(100_000) + "}}";
  }

  @Benchmark
  public String encodeJobEvent() {
    return codec.encode(event);
  }

  @Benchmark
  public DecodeResult decodeJobEvent() {
    return codec.decode(EVENT);
  }

  @Benchmark
  public DecodeResult decodeJobSubmit() {
    return codec.decode(SUBMIT);
  }

  @Benchmark
  public DecodeResult decodeAck() {
    return codec.decode(ACK);
  }

  @Benchmark
  public DecodeResult rejectDepthBomb() {
    return codec.decode(depthBomb);
  }
}
