package dev.arcpekko.runtime.lease;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.lease.CapabilityName;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseCap;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's per-principal lease caps ({@code arcp.lease-caps}): a principal's own entry under
 * {@code principals} replaces the {@code default} one, and an empty entry caps nothing. See {@link
 * LeaseCap} for how a cap narrows a requested lease into the job's effective lease; an entry's
 * {@code max-duration} bounds how long the lease lasts ({@code expires_at}).
 */
public final class LeaseCaps {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseCaps.class);
  private static final String MAX_DURATION = "max-duration";

  /** One entry: the capabilities it caps, and the longest lease it allows. */
  private record Cap(Optional<LeaseCap> lease, Optional<Duration> maxDuration) {
    static final Cap NONE = new Cap(Optional.empty(), Optional.empty());
  }

  private final Cap byDefault;
  private final Map<String, Cap> byPrincipal;

  private LeaseCaps(Cap byDefault, Map<String, Cap> byPrincipal) {
    this.byDefault = byDefault;
    this.byPrincipal = Map.copyOf(byPrincipal);
  }

  /** No caps: every job gets the lease it asked for. */
  public static LeaseCaps none() {
    return new LeaseCaps(Cap.NONE, Map.of());
  }

  /**
   * Reads {@code arcp.lease-caps}: {@code default} and {@code principals.<principal>}, each a lease
   * object such as {@code { "fs.read" = ["/workspace/**"], "cost.budget" = ["USD:10"] }} (quoted or
   * unquoted keys), optionally with {@code max-duration = 1h}. When {@code modelUseRequiresGrant}
   * is false a lease without {@code model.use} allows every model, so a cap that names
   * {@code model.use} is imposed on such a lease.
   *
   * @throws IllegalArgumentException naming the entry if a cap is not a valid lease
   */
  public static LeaseCaps fromConfig(Config caps, boolean modelUseRequiresGrant) {
    Set<CapabilityName> imposed = modelUseRequiresGrant ? Set.of() : Set.of(CapabilityName.MODEL_USE);
    Map<String, Cap> byPrincipal = new HashMap<>();
    Config principals = caps.getConfig("principals");
    for (String principal : principals.root().keySet()) {
      byPrincipal.put(principal, cap(principals.getConfig(ConfigUtil.quoteString(principal)),
          "arcp.lease-caps.principals." + principal, imposed));
    }
    return new LeaseCaps(cap(caps.getConfig("default"), "arcp.lease-caps.default", imposed), byPrincipal);
  }

  private static Cap cap(Config entry, String path, Set<CapabilityName> imposed) {
    Optional<Duration> maxDuration = Optional.empty();
    if (entry.hasPath(MAX_DURATION)) {
      maxDuration = Optional.of(entry.getDuration(MAX_DURATION));
      if (maxDuration.get().isNegative() || maxDuration.get().isZero()) {
        throw new IllegalArgumentException(path + "." + MAX_DURATION + ": must be positive");
      }
    }
    Config grants = entry.withoutPath(MAX_DURATION);
    if (grants.isEmpty()) {
      return new Cap(Optional.empty(), maxDuration);
    }
    Map<String, List<String>> lease = new LinkedHashMap<>();
    grants.entrySet().forEach(grant ->
        lease.put(String.join(".", ConfigUtil.splitPath(grant.getKey())), grants.getStringList(grant.getKey())));
    try {
      return new Cap(Optional.of(new LeaseCap(Lease.parse(lease), imposed)), maxDuration);
    } catch (ProtocolViolation violation) {
      throw new IllegalArgumentException(path + ": " + violation.getMessage(), violation);
    }
  }

  private Cap capOf(String principal) {
    return byPrincipal.getOrDefault(principal, byDefault);
  }

  /** The lease a job of {@code principal} that asked for {@code requested} is granted. */
  public Lease effectiveLease(String principal, Lease requested) {
    Optional<LeaseCap> cap = capOf(principal).lease();
    if (cap.isEmpty()) {
      return requested;
    }
    Lease effective = cap.get().apply(requested);
    if (!effective.equals(requested)) {
      LOG.info("lease of {} capped: requested {}, granted {}", principal, requested.asMap(), effective.asMap());
    }
    return effective;
  }

  /**
   * When the lease of a job of {@code principal} submitted at {@code now} that asked for
   * {@code requested} expires: the earlier of the request and {@code now + max-duration}, so a
   * lease without {@code expires_at} gets one under a {@code max-duration} cap.
   */
  public Optional<Instant> effectiveExpiry(String principal, Optional<Instant> requested, Instant now) {
    Optional<Duration> maxDuration = capOf(principal).maxDuration();
    if (maxDuration.isEmpty()) {
      return requested;
    }
    Instant latest = now.plus(maxDuration.get()).truncatedTo(ChronoUnit.MILLIS);
    if (requested.isPresent() && !requested.get().isAfter(latest)) {
      return requested;
    }
    LOG.info("lease expiry of {} capped: requested {}, granted {}", principal,
        requested.map(Instant::toString).orElse("none"), latest);
    return Optional.of(latest);
  }

  @Override
  public String toString() {
    return "LeaseCaps[default=" + byDefault + ", principals=" + byPrincipal + "]";
  }
}
