package dev.arcpekko.runtime.listing;

import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.JobFilter;
import dev.arcpekko.protocol.message.JobStatus;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-proof list cursors: {@code c1.<base64url job id>.<base64url HMAC-SHA256>}. The MAC
 * covers the position (the last job id of the page) and what the cursor is bound to: the principal
 * that listed and the filter it used, so a cursor altered, forged, or presented by another
 * principal or with another filter is refused. The key is shared by every node (see
 * {@link JobIndex#cursorKey()}), so a cursor works on any node and after restarts.
 */
public final class ListCursor {
  private static final String PREFIX = "c1.";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAX_LENGTH = 256;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  public ListCursor(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("the list cursor key (arcp.list-jobs.cursor-secret) needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** The cursor continuing after {@code lastJobId} for {@code principal} listing with {@code filter}. */
  public String after(String lastJobId, String principal, JobFilter filter) {
    byte[] position = lastJobId.getBytes(StandardCharsets.UTF_8);
    return PREFIX + ENCODER.encodeToString(position) + "." + ENCODER.encodeToString(mac(position, principal, filter));
  }

  /** The job id {@code cursor} continues after, if this runtime issued it to {@code principal} for {@code filter}. */
  public Optional<String> position(String cursor, String principal, JobFilter filter) {
    if (cursor.length() > MAX_LENGTH || !cursor.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = cursor.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      byte[] position = DECODER.decode(parts[0]);
      byte[] presented = DECODER.decode(parts[1]);
      // Base64 ignores the unused low bits of a last character: only the canonical spelling counts.
      boolean canonical = ENCODER.encodeToString(position).equals(parts[0])
          && ENCODER.encodeToString(presented).equals(parts[1]);
      return canonical && MessageDigest.isEqual(presented, mac(position, principal, filter))
          ? Optional.of(new String(position, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(byte[] position, String principal, JobFilter filter) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(("list_jobs.v1\u0000" + principal + "\u0000" + canonical(filter) + "\u0000")
          .getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(position);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
    }
  }

  /** The filter as a fixed string: statuses sorted, absent fields empty. */
  private static String canonical(JobFilter filter) {
    return filter.status().stream().map(JobStatus::wire).sorted().distinct().collect(Collectors.joining(","))
        + "\u0000" + filter.agent().map(AgentRef::wire).orElse("")
        + "\u0000" + filter.createdAfter().map(Instant::toString).orElse("")
        + "\u0000" + filter.createdBefore().map(Instant::toString).orElse("");
  }
}
