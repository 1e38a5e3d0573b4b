package dev.arcpekko.bench;

import dev.arcpekko.runtime.credentials.CredentialGrant;
import dev.arcpekko.runtime.credentials.CredentialRequest;
import dev.arcpekko.runtime.credentials.CredentialRevocations;
import dev.arcpekko.runtime.credentials.CredentialSettings;
import dev.arcpekko.runtime.credentials.HmacCredentialProvisioner;
import dev.arcpekko.runtime.credentials.HmacCredentialVerifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * Cost of the built-in HMAC credentials: minting a job's token (what every {@code job.accepted}
 * and resubmit pays, since values are derived, never stored) and verifying one (what a gateway
 * pays per upstream call; the revocation list is an in-memory set here, so this is the
 * signature, parsing and expiry cost alone).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CredentialBenchmark {
  private static final byte[] SECRET = "a-benchmark-signing-key-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);

  private HmacCredentialProvisioner provisioner;
  private HmacCredentialVerifier verifier;
  private CredentialGrant grant;
  private String token;

  /** A revocation list in memory, so that the benchmark measures the token work only. */
  private static final class InMemoryRevocations implements CredentialRevocations {
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    @Override
    public void revoke(String id, int generation, Instant expiresAt) {
      revoked.add(id + "#" + generation);
    }

    @Override
    public boolean isRevoked(String id, int generation) {
      return revoked.contains(id + "#" + generation);
    }
  }

  @Setup
  public void setUp() throws Exception {
    CredentialSettings settings = new CredentialSettings(CredentialSettings.HMAC, SECRET, "https://gateway.example/v1",
        Optional.of("openai"), Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(5));
    InMemoryRevocations revocations = new InMemoryRevocations();
    provisioner = new HmacCredentialProvisioner(settings, revocations, Clock.systemUTC());
    verifier = new HmacCredentialVerifier(SECRET, revocations, Clock.systemUTC());
    grant = provisioner.issue(new CredentialRequest("job_01JBENCH", "alice", "echo@2.0.0",
        Map.of("model.use", List.of("tier-fast/*"), "cost.budget", List.of("USD:5.00")),
        Map.of("USD", new BigDecimal("5.00")), Optional.empty())).get(0);
    token = provisioner.present(grant).value();
  }

  @Benchmark
  public String mintToken() {
    return provisioner.present(grant).value();
  }

  @Benchmark
  public HmacCredentialVerifier.Verification verifyToken() {
    return verifier.verify(token);
  }
}
