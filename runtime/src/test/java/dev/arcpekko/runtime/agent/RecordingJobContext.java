package dev.arcpekko.runtime.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobResult;
import dev.arcpekko.runtime.lease.LeaseGuard;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link JobContext} for testing agents without a runtime: records what the agent emits and
 * checkpoints (a result stream's chunks among the events, capped at 256 MiB like the runtime's
 * default), lets the test cancel the job, start a run from an earlier checkpoint and enforce a
 * lease. Safe to read while the agent runs on another thread.
 */
public final class RecordingJobContext implements JobContext {
  private final AgentRef agent;
  private final JsonNode input;
  private final Optional<JsonNode> lastCheckpoint;
  private final int attempt;
  private final Set<Feature> features;
  private final Optional<LeaseGuard> lease;
  private final List<EventBody> events = new CopyOnWriteArrayList<>();
  private final List<JsonNode> checkpoints = new CopyOnWriteArrayList<>();
  private volatile boolean cancelled;
  private volatile ResultChunker resultStream;
  private final List<DelegationRequest> delegations = new CopyOnWriteArrayList<>();
  private volatile Function<DelegationRequest, Delegation> delegationAnswer = request ->
      new Delegation.Refused("del_test", ErrorPayload.of(ErrorCode.PERMISSION_DENIED, "no delegation in this test"));

  private RecordingJobContext(AgentRef agent, JsonNode input, Optional<JsonNode> lastCheckpoint, int attempt,
      Set<Feature> features, Optional<LeaseGuard> lease) {
    this.agent = agent;
    this.input = input;
    this.lastCheckpoint = lastCheckpoint;
    this.attempt = attempt;
    this.features = Set.copyOf(features);
    this.lease = lease;
  }

  /** A first run of {@code agent} ({@code name@version}) with {@code input}, every feature negotiated. */
  public static RecordingJobContext firstRun(String agent, JsonNode input) {
    return new RecordingJobContext(AgentRef.parse(agent), input, Optional.empty(), 0, EnumSet.allOf(Feature.class),
        Optional.empty());
  }

  /** The same first run for a session that negotiated only {@code features}. */
  public RecordingJobContext negotiating(Set<Feature> negotiated) {
    return new RecordingJobContext(agent, input, lastCheckpoint, attempt, negotiated, lease);
  }

  /**
   * The same run under {@code granted}, enforced as the runtime does (no expiry, no budget, a lease
   * without {@code model.use} allowing any model); without it every operation is allowed.
   */
  public RecordingJobContext underLease(Map<String, List<String>> granted) {
    return new RecordingJobContext(agent, input, lastCheckpoint, attempt, features, Optional.of(
        new LeaseGuard(Lease.parse(granted), Optional.empty(), Optional::empty, false, Clock.systemUTC())));
  }

  /** The next attempt of the same job, resuming from {@code checkpoint}. */
  public RecordingJobContext restartedFrom(JsonNode checkpoint) {
    return new RecordingJobContext(agent, input, Optional.of(checkpoint), attempt + 1, features, lease);
  }

  @Override
  public boolean supports(Feature feature) {
    return features.contains(feature);
  }

  /** Marks the job cancelled; the test interrupts the agent thread itself when it wants to. */
  public void cancel() {
    cancelled = true;
  }

  /** Every body emitted so far, in order. */
  public List<EventBody> events() {
    return List.copyOf(events);
  }

  /** Every checkpoint saved so far, in order. */
  public List<JsonNode> checkpoints() {
    return List.copyOf(checkpoints);
  }

  @Override
  public String jobId() {
    return "job_test";
  }

  @Override
  public AgentRef agent() {
    return agent;
  }

  @Override
  public JsonNode input() {
    return input;
  }

  /** No provisioner in agent unit tests: never any credentials. */
  @Override
  public List<Credential> credentials() {
    return List.of();
  }

  @Override
  public Optional<JsonNode> lastCheckpoint() {
    return lastCheckpoint;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public void emit(EventBody body) {
    events.add(body);
  }

  @Override
  public ResultStream openResult() throws AgentFailure {
    if (!supports(Feature.RESULT_CHUNK)) {
      throw new AgentFailure(ErrorPayload.of(ErrorCode.INVALID_REQUEST, "result_chunk not negotiated"));
    }
    if (resultStream != null) {
      throw new IllegalStateException("the job's result stream is already open");
    }
    resultStream = new ResultChunker("res_test", 256L * 1024 * 1024, events::add);
    return resultStream;
  }

  /** Ends the opened result stream as the runtime does when the agent returns normally. */
  public JobResult finishResult() {
    return resultStream.finish();
  }

  @Override
  public void heartbeat() {
    // Liveness is the runtime's concern; no agent test asserts on heartbeats.
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public Authorization authorize(String capability, String target) {
    return lease.map(guard -> guard.check(capability, target)).orElseGet(Authorization::allowed);
  }

  /** Answers the agent's delegations with {@code answer} (they are refused by default). */
  public RecordingJobContext answeringDelegations(Function<DelegationRequest, Delegation> answer) {
    delegationAnswer = answer;
    return this;
  }

  /** Every delegation asked for so far, in order. */
  public List<DelegationRequest> delegations() {
    return List.copyOf(delegations);
  }

  @Override
  public Delegation delegate(DelegationRequest request) {
    delegations.add(request);
    return delegationAnswer.apply(request);
  }

  @Override
  public void checkpoint(JsonNode state) {
    checkpoints.add(state);
  }
}
