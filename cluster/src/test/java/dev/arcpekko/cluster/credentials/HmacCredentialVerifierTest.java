package dev.arcpekko.cluster.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcpekko.cluster.journal.JournalDatabase;
import dev.arcpekko.cluster.journal.JournalSchema;
import dev.arcpekko.runtime.credentials.CredentialGrant;
import dev.arcpekko.runtime.credentials.CredentialRequest;
import dev.arcpekko.runtime.credentials.CredentialSettings;
import dev.arcpekko.runtime.credentials.HmacCredentialProvisioner;
import dev.arcpekko.runtime.credentials.HmacCredentialVerifier;
import dev.arcpekko.runtime.credentials.HmacCredentialVerifier.Accepted;
import dev.arcpekko.runtime.credentials.HmacCredentialVerifier.Rejected;
import dev.arcpekko.runtime.credentials.HmacCredentialVerifier.Verification;
import dev.arcpekko.runtime.credentials.VerifiedCredential;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HMAC provisioner's tokens and their verifier, over the JDBC revocation list (spec 1.1 §9.8, §14). */
class HmacCredentialVerifierTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-05-13T19:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir
  Path dataDir;
  private JdbcCredentialRevocations revocations;
  private HmacCredentialProvisioner provisioner;
  private HmacCredentialVerifier verifier;

  @BeforeEach
  void openRevocationList() throws Exception {
    JournalDatabase database = JournalDatabase.h2(dataDir);
    JournalSchema.apply(database);
    revocations = JdbcCredentialRevocations.open(database);
    provisioner = new HmacCredentialProvisioner(settings(KEY), revocations, CLOCK);
    verifier = new HmacCredentialVerifier(KEY, revocations, CLOCK);
  }

  @AfterEach
  void close() {
    revocations.close();
  }

  private static CredentialSettings settings(byte[] key) {
    return new CredentialSettings(CredentialSettings.HMAC, key, "https://gateway.example.com/v1",
        Optional.of("openai"), Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(1),
        Duration.ofMinutes(1));
  }

  private static CredentialRequest request(String jobId, Optional<Instant> expiresAt) {
    return new CredentialRequest(jobId, "alice", "probe@1.0.0",
        Map.of("model.use", List.of("tier-fast/*"), "cost.budget", List.of("USD:5.00")),
        Map.of("USD", new BigDecimal("5.00")), expiresAt);
  }

  private CredentialGrant issue(Optional<Instant> expiresAt) {
    return provisioner.issue(request("job_1", expiresAt)).get(0);
  }

  private String token(CredentialGrant grant) {
    return provisioner.present(grant).value();
  }

  private static VerifiedCredential accepted(Verification verification) {
    assertThat(verification).isInstanceOf(Accepted.class);
    return ((Accepted) verification).credential();
  }

  private static String rejection(Verification verification) {
    assertThat(verification).isInstanceOf(Rejected.class);
    return ((Rejected) verification).reason();
  }

  @Test
  void anIssuedTokenVerifiesWithTheLeaseConstraintsAGatewayEnforces() {
    CredentialGrant grant = issue(Optional.empty());

    VerifiedCredential credential = accepted(verifier.verify(token(grant)));

    assertThat(credential.credentialId()).isEqualTo(grant.id()).startsWith("cred_");
    assertThat(credential.jobId()).isEqualTo("job_1");
    assertThat(credential.principal()).isEqualTo("alice");
    assertThat(credential.costBudget()).containsExactly("USD:5.00");
    assertThat(credential.allowsModel("tier-fast/gpt-mini")).isTrue();
    assertThat(credential.allowsModel("tier-large/opus")).isFalse();
    assertThat(credential.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(provisioner.present(grant).constraints().orElseThrow().path("model.use").get(0).asText())
        .isEqualTo("tier-fast/*");
  }

  @Test
  void theValueIsDerivedFromTheGrantSoItIsStableAndNeverSharedBetweenJobs() {
    CredentialGrant grant = issue(Optional.empty());
    CredentialGrant other = provisioner.issue(request("job_2", Optional.empty())).get(0);

    assertThat(token(grant)).isEqualTo(token(grant)).isNotEqualTo(token(other));
  }

  @Test
  void theTokenLivesUntilTheLeaseEndsWhenThatIsSoonerAndThenNeverRotates() {
    Instant leaseEnd = NOW.plus(Duration.ofMinutes(10));

    CredentialGrant grant = issue(Optional.of(leaseEnd));

    assertThat(grant.expiresAt()).contains(leaseEnd);
    assertThat(grant.rotateAt()).isEmpty();
  }

  @Test
  void aJobThatOutlivesItsTokenGetsItRotatedBeforeExpiry() {
    CredentialGrant grant = issue(Optional.of(NOW.plus(Duration.ofHours(3))));

    assertThat(grant.expiresAt()).contains(NOW.plus(Duration.ofHours(1)));
    assertThat(grant.rotateAt()).contains(NOW.plus(Duration.ofMinutes(55)));
  }

  @Test
  void aTamperedTokenIsRejected() {
    String token = token(issue(Optional.empty()));
    String[] parts = token.split("\\.");
    String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("tier-fast/*", "*").getBytes(StandardCharsets.UTF_8));

    assertThat(rejection(verifier.verify(parts[0] + "." + widened + "." + parts[2])))
        .contains("not a token signed with this key");
    assertThat(rejection(verifier.verify(token.substring(0, token.length() - 2) + "AA")))
        .contains("not a token signed with this key");
    assertThat(rejection(verifier.verify("garbage"))).contains("not a token signed with this key");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRejected() {
    byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    HmacCredentialProvisioner impostor = new HmacCredentialProvisioner(settings(otherKey), revocations, CLOCK);

    String forged = impostor.present(impostor.issue(request("job_1", Optional.empty())).get(0)).value();

    assertThat(rejection(verifier.verify(forged))).contains("not a token signed with this key");
  }

  @Test
  void anExpiredTokenIsRejected() {
    String token = token(issue(Optional.empty()));
    HmacCredentialVerifier later = new HmacCredentialVerifier(KEY, revocations,
        Clock.offset(CLOCK, Duration.ofHours(1)));

    assertThat(rejection(later.verify(token))).contains("expired");
  }

  @Test
  void aRevokedGenerationIsRejectedWhileTheNextOneIsAccepted() throws Exception {
    CredentialGrant first = issue(Optional.empty());
    CredentialGrant second = provisioner.rotate(first, request("job_1", Optional.empty()));

    provisioner.revoke(first);
    provisioner.revoke(first);

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.generation()).isEqualTo(2);
    assertThat(rejection(verifier.verify(token(first)))).contains("revoked");
    assertThat(accepted(verifier.verify(token(second))).generation()).isEqualTo(2);
  }
}
