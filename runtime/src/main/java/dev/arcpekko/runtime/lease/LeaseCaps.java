package dev.arcpekko.runtime.lease;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.lease.CapabilityName;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseCap;
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
 * LeaseCap} for how a cap narrows a requested lease into the job's effective lease.
 */
public final class LeaseCaps {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseCaps.class);

  private final Optional<LeaseCap> byDefault;
  private final Map<String, Optional<LeaseCap>> byPrincipal;

  private LeaseCaps(Optional<LeaseCap> byDefault, Map<String, Optional<LeaseCap>> byPrincipal) {
    this.byDefault = byDefault;
    this.byPrincipal = Map.copyOf(byPrincipal);
  }

  /** No caps: every job gets the lease it asked for. */
  public static LeaseCaps none() {
    return new LeaseCaps(Optional.empty(), Map.of());
  }

  /**
   * Reads {@code arcp.lease-caps}: {@code default} and {@code principals.<principal>}, each a lease
   * object such as {@code { "fs.read" = ["/workspace/**"], "cost.budget" = ["USD:10"] }} (quoted or
   * unquoted keys). When {@code modelUseRequiresGrant} is false a lease without {@code model.use}
   * allows every model, so a cap that names {@code model.use} is imposed on such a lease.
   *
   * @throws IllegalArgumentException naming the entry if a cap is not a valid lease
   */
  public static LeaseCaps fromConfig(Config caps, boolean modelUseRequiresGrant) {
    Set<CapabilityName> imposed = modelUseRequiresGrant ? Set.of() : Set.of(CapabilityName.MODEL_USE);
    Map<String, Optional<LeaseCap>> byPrincipal = new HashMap<>();
    Config principals = caps.getConfig("principals");
    for (String principal : principals.root().keySet()) {
      byPrincipal.put(principal, cap(principals.getConfig(ConfigUtil.quoteString(principal)),
          "arcp.lease-caps.principals." + principal, imposed));
    }
    return new LeaseCaps(cap(caps.getConfig("default"), "arcp.lease-caps.default", imposed), byPrincipal);
  }

  private static Optional<LeaseCap> cap(Config entry, String path, Set<CapabilityName> imposed) {
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> lease = new LinkedHashMap<>();
    entry.entrySet().forEach(grant ->
        lease.put(String.join(".", ConfigUtil.splitPath(grant.getKey())), entry.getStringList(grant.getKey())));
    try {
      return Optional.of(new LeaseCap(Lease.parse(lease), imposed));
    } catch (ProtocolViolation violation) {
      throw new IllegalArgumentException(path + ": " + violation.getMessage(), violation);
    }
  }

  /** The lease a job of {@code principal} that asked for {@code requested} is granted. */
  public Lease effectiveLease(String principal, Lease requested) {
    Optional<LeaseCap> cap = byPrincipal.getOrDefault(principal, byDefault);
    if (cap.isEmpty()) {
      return requested;
    }
    Lease effective = cap.get().apply(requested);
    if (!effective.equals(requested)) {
      LOG.info("lease of {} capped: requested {}, granted {}", principal, requested.asMap(), effective.asMap());
    }
    return effective;
  }

  @Override
  public String toString() {
    return "LeaseCaps[default=" + byDefault + ", principals=" + byPrincipal + "]";
  }
}
