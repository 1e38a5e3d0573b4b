package dev.arcpekko.runtime.lease;

import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.lease.CapabilityName;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.runtime.agent.Authorization;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The check behind {@code JobContext.authorize} (spec 1.0 §9.3, 1.1 §9.3, §9.5-§9.7), in this
 * order: the lease has not expired ({@code LEASE_EXPIRED}), no budget counter is spent
 * ({@code BUDGET_EXHAUSTED}), and the canonicalised target matches a pattern of the capability
 * ({@code PERMISSION_DENIED}). A lease that does not name {@code model.use} allows any model unless
 * the runtime requires a grant ({@code arcp.model-use.require-grant}).
 */
public final class LeaseGuard {
  private final Lease lease;
  private final Optional<Instant> expiresAt;
  private final Supplier<Optional<String>> exhaustedCurrency;
  private final boolean modelUseRequiresGrant;
  private final Clock clock;

  /**
   * A guard for {@code lease}, expiring at {@code expiresAt}; {@code exhaustedCurrency} answers,
   * at each check, the first budget currency spent to zero or below.
   */
  public LeaseGuard(Lease lease, Optional<Instant> expiresAt, Supplier<Optional<String>> exhaustedCurrency,
      boolean modelUseRequiresGrant, Clock clock) {
    this.lease = Objects.requireNonNull(lease, "lease");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.exhaustedCurrency = Objects.requireNonNull(exhaustedCurrency, "exhaustedCurrency");
    this.modelUseRequiresGrant = modelUseRequiresGrant;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether an operation under {@code capability} on {@code target} may proceed now. */
  public Authorization check(String capability, String target) {
    if (expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get())) {
      return new Authorization.Denied(ErrorPayload.of(ErrorCode.LEASE_EXPIRED,
          "the lease expired at " + expiresAt.get()));
    }
    Optional<String> exhausted = exhaustedCurrency.get();
    if (exhausted.isPresent()) {
      return new Authorization.Denied(ErrorPayload.of(ErrorCode.BUDGET_EXHAUSTED,
          "the " + exhausted.get() + " budget of the lease is spent"));
    }
    CapabilityName name;
    try {
      name = CapabilityName.of(capability);
    } catch (ProtocolViolation e) {
      return new Authorization.Denied(ErrorPayload.of(ErrorCode.INVALID_REQUEST, e.getMessage()));
    }
    if (lease.permits(name, target) || anyModelAllowed(name, target)) {
      return Authorization.allowed();
    }
    return new Authorization.Denied(ErrorPayload.of(ErrorCode.PERMISSION_DENIED, denial(name, target)));
  }

  private boolean anyModelAllowed(CapabilityName name, String target) {
    return name.equals(CapabilityName.MODEL_USE) && !modelUseRequiresGrant && !lease.names(name)
        && name.targetKind().canonicalise(target).isPresent();
  }

  private String denial(CapabilityName name, String target) {
    if (name.equals(CapabilityName.MODEL_USE) && !lease.names(name)) {
      return "the lease grants no model.use, which this runtime requires for every model call (" + target + ")";
    }
    return "the lease does not grant " + name + " on " + target;
  }
}
