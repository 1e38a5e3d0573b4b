package dev.arcpekko.bench;

import dev.arcpekko.protocol.lease.CapabilityName;
import dev.arcpekko.protocol.lease.Lease;
import java.util.List;
import java.util.Map;
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
 * Cost of the lease checks every agent operation pays: canonicalise the target and match it, and
 * the subset proof a delegation pays once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeaseBenchmark {
  private Lease parent;
  private Lease child;

  @Setup
  public void setUp() {
    parent = Lease.parse(Map.of(
        "fs.read", List.of("/workspace/myapp/**", "/tmp/cache/*"),
        "fs.write", List.of("/workspace/myapp/src/**"),
        "net.fetch", List.of("https://api.example.com/**", "https://*.internal.example.com/v1/**"),
        "tool.call", List.of("mcp:github/*", "humanq.*"),
        "cost.budget", List.of("USD:5.00")));
    child = Lease.parse(Map.of(
        "fs.read", List.of("/workspace/myapp/tests/**"),
        "net.fetch", List.of("https://api.example.com/v1/*"),
        "cost.budget", List.of("USD:1.00")));
  }

  @Benchmark
  public boolean permitPath() {
    return parent.permits(CapabilityName.FS_READ, "/workspace/myapp/src/auth/../auth/login.ts");
  }

  @Benchmark
  public boolean denyTraversal() {
    return parent.permits(CapabilityName.FS_READ, "/workspace/myapp/../../etc/passwd");
  }

  @Benchmark
  public boolean permitUrl() {
    return parent.permits(CapabilityName.NET_FETCH, "HTTPS://API.example.com:443/v1/items/%2e/42?q=a");
  }

  @Benchmark
  public Object proveDelegationSubset() {
    return child.subsetViolation(parent, parent.budget().orElseThrow());
  }
}
