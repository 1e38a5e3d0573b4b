package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.event.LogBody;
import dev.arcpekko.protocol.event.LogLevel;
import dev.arcpekko.protocol.event.ProgressBody;
import dev.arcpekko.protocol.lease.CapabilityName;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.protocol.message.Feature;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a running agent may do: read its job, emit events (each persisted before anyone sees it),
 * report liveness, check for cancellation, ask whether an operation is authorized (and make tool
 * calls that are), and save a checkpoint it can resume from after a restart.
 *
 * <p>Implementations are thread-safe for one agent thread. After the job has ended (cancelled,
 * timed out, expired) emits are discarded and {@link #isCancelled()} returns {@code true}; the
 * agent thread is also interrupted on cancellation.
 */
public interface JobContext {

  /** The job's id. */
  String jobId();

  /** The resolved agent, always {@code name@version}. */
  AgentRef agent();

  /** The submit's {@code input}; a JSON null when it had none. */
  JsonNode input();

  /**
   * The job's provisioned credentials (spec 1.1 §9.8), current generation: call the upstream at
   * each one's {@code endpoint} with its {@code value}. Empty unless a provisioner is configured and
   * the submitting session negotiated {@code provisioned_credentials}. A rotation replaces a value
   * while the job runs, so read it again for each upstream call; never log or emit it.
   */
  List<Credential> credentials();

  /** The last checkpoint saved by an earlier run of this job, if any. */
  Optional<JsonNode> lastCheckpoint();

  /** 0 on the first run, +1 for each restart after a node failure. */
  int attempt();

  /**
   * Whether the submitting session negotiated {@code feature}. Events that need a feature
   * ({@code progress}, {@code result_chunk}) may only be emitted when it did: neither peer may use
   * a feature outside the negotiated set (spec 1.1 §6.2).
   */
  boolean supports(Feature feature);

  /**
   * Emits one {@code job.event}; blocks only when too many emits are still being persisted.
   *
   * @throws IllegalStateException for a {@code progress} event the submitting session did not
   *     negotiate (see {@link #supports})
   * @throws IllegalArgumentException for a {@code result_chunk}, which only {@link #openResult()}
   *     writes
   */
  void emit(EventBody body);

  /**
   * Opens the job's result as a stream of {@code result_chunk} events (spec 1.1 §8.4); the agent
   * then writes to it and returns {@code null} (see {@link ResultStream}). At most once per run.
   *
   * @throws AgentFailure with {@code INVALID_REQUEST} when the submitting session did not negotiate
   *     {@code result_chunk}; an agent that can also answer inline checks {@link #supports} first
   * @throws IllegalStateException when the stream is already open
   */
  ResultStream openResult() throws AgentFailure;

  /** Emits a {@code log} event. */
  default void log(LogLevel level, String message) {
    emit(LogBody.of(level, message));
  }

  /**
   * Emits a {@code progress} event with {@code current} out of an optional {@code total}.
   *
   * @throws IllegalArgumentException unless {@code current ≥ 0}, {@code total ≥ 0} and
   *     {@code current ≤ total} (spec 1.1 §8.2.1)
   */
  default void progress(long current, OptionalLong total) {
    emit(new ProgressBody(
        BigDecimal.valueOf(current),
        total.isPresent() ? Optional.of(BigDecimal.valueOf(total.getAsLong())) : Optional.empty(),
        Optional.empty(),
        Optional.empty()));
  }

  /** Tells the liveness watchdog the agent is alive without emitting an event. */
  void heartbeat();

  /** Whether the job has been asked to stop (cancel, timeout, lease expiry). */
  boolean isCancelled();

  /**
   * Checks an operation against the job's effective lease; never throws for a denial. The order is
   * expiry ({@code LEASE_EXPIRED}), budget ({@code BUDGET_EXHAUSTED}), then the capability's
   * patterns against the canonicalised target ({@code PERMISSION_DENIED}); an unknown capability
   * is an {@code INVALID_REQUEST}.
   */
  Authorization authorize(String capability, String target);

  /**
   * Delegates part of this job's authority to a child job (spec 1.0 §10, 1.1 §9.4). The runtime
   * emits the {@code delegate} event on this job, checks its lease grants {@code agent.delegate} on
   * the child agent (expiry, then budget, then pattern) and that the requested lease is a subset
   * (globs covered, {@code cost.budget} within this job's remaining counters and naming each of its
   * currencies, expiry no later than this job's and inherited when absent), carves the child's
   * budget out of this job's counters and creates the child in the submitting session, with this
   * job's trace id. A refusal is returned and appears as a {@code tool_result} error on this job;
   * the agent decides what to do. Children still running when this job ends are cancelled.
   */
  Delegation delegate(DelegationRequest request);

  /**
   * Calls tool {@code tool} with {@code args}, gated by {@code tool.call} on the tool's name: emits
   * {@code tool_call} and, on a denial, {@code tool_result} with the error (see {@link ToolCall}).
   */
  default ToolCall callTool(String tool, JsonNode args) {
    return callTool(tool, args, CapabilityName.TOOL_CALL.wire(), tool);
  }

  /**
   * Calls a tool that touches a resource, gated by {@code capability} on {@code target} instead of
   * {@code tool.call}, such as {@code callTool("fs.read", args, "fs.read", path)} (spec 1.0 §13.4).
   */
  default ToolCall callTool(String tool, JsonNode args, String capability, String target) {
    return ToolCall.open(this, tool, args, capability, target);
  }

  /**
   * Asks to invoke model {@code model}: {@code authorize("model.use", model)} (spec 1.1 §9.7). A
   * lease without {@code model.use} allows any model unless the runtime requires a grant.
   */
  default Authorization useModel(String model) {
    return authorize(CapabilityName.MODEL_USE.wire(), model);
  }

  /** Journals {@code state} so that a restarted run can continue from it. */
  void checkpoint(JsonNode state);
}
