package dev.arcpekko.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.error.ProtocolViolation;
import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.event.MetricBody;
import dev.arcpekko.protocol.event.ProgressBody;
import dev.arcpekko.protocol.event.ResultChunkBody;
import dev.arcpekko.protocol.event.ToolResultBody;
import dev.arcpekko.protocol.ids.Ids;
import dev.arcpekko.protocol.lease.Budget;
import dev.arcpekko.protocol.lease.CapabilityName;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.Credential;
import dev.arcpekko.protocol.message.Feature;
import dev.arcpekko.protocol.message.JobResult;
import dev.arcpekko.runtime.agent.Agent;
import dev.arcpekko.runtime.agent.AgentFailure;
import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.agent.Authorization;
import dev.arcpekko.runtime.agent.ChildOutcome;
import dev.arcpekko.runtime.agent.Delegation;
import dev.arcpekko.runtime.agent.DelegationRequest;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.ResultChunker;
import dev.arcpekko.runtime.agent.ResultStream;
import dev.arcpekko.runtime.idempotency.SubmitFingerprint;
import dev.arcpekko.runtime.lease.LeaseGuard;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of an agent for a job: the {@link JobContext} the agent sees, run on the agent
 * executor. Outputs queue up here and the job entity drains them in batches (one journal write per
 * batch). A bounded window of events not yet stamped by the owning session (queued, being
 * journaled, or journaled and on their way to the session) makes a fast agent wait instead of
 * growing memory anywhere along that path.
 */
final class AgentRun implements JobContext {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRun.class);
  static final int WINDOW = 1024;

  private final long runId;
  private final JobRecord record;
  private final Agent agent;
  private final int attempt;
  private final Optional<JsonNode> lastCheckpoint;
  private final Lease lease;
  private final Optional<BudgetLedger> budget;
  private final LeaseGuard guard;
  private final ActorRef<JobEntity.Command> entity;
  private final Clock clock;
  private final long maxResultBytes;
  private final ConcurrentLinkedQueue<AgentOutput> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore window = new Semaphore(WINDOW);
  /** (last job seq, events) of journaled batches the session has not stamped yet; entity thread only. */
  private final ArrayDeque<long[]> awaitingStamp = new ArrayDeque<>();
  private long stampedJobSeq;
  private final AtomicBoolean drainRequested = new AtomicBoolean();
  private final Object threadLock = new Object();
  private volatile boolean cancelled;
  private volatile long lastSignalNanos = System.nanoTime();
  private Thread thread;
  private final ChildAdmission admission;
  /** The keys of this run's delegate calls and the children of earlier attempts; agent thread only. */
  private final DelegationLog.Redelegations delegations;
  /** Outcomes the agent may wait for, by child job id, until the child ends. */
  private final Map<String, CompletableFuture<ChildOutcome>> children = new ConcurrentHashMap<>();
  /** The job's current credentials, replaced on rotation. */
  private volatile List<Credential> credentials = List.of();
  /** The result stream, once the agent opened it; agent thread only. */
  private ResultChunker resultStream;

  AgentRun(long runId, JobRecord record, Agent agent, int attempt, Optional<JsonNode> lastCheckpoint,
      Map<String, BigDecimal> spent, DelegationLog delegationLog, ActorRef<JobEntity.Command> entity, Clock clock,
      long maxResultBytes, boolean modelUseRequiresGrant, AgentRegistry agents) {
    this.runId = runId;
    this.record = record;
    this.agent = agent;
    this.attempt = attempt;
    this.lastCheckpoint = lastCheckpoint;
    this.lease = record.effectiveLease();
    this.budget = lease.budget().map(initial -> new BudgetLedger(initial, spent));
    this.guard = new LeaseGuard(lease, record.expiresAt(), () -> budget.flatMap(BudgetLedger::exhaustedCurrency),
        modelUseRequiresGrant, clock);
    this.entity = entity;
    this.clock = clock;
    this.maxResultBytes = maxResultBytes;
    this.admission = new ChildAdmission(record, lease, agents);
    this.delegations = delegationLog.forRun();
  }

  long runId() {
    return runId;
  }

  /** The lease's {@code cost.budget} as granted (parsed once per run, not per drain). */
  Optional<Budget> leaseBudget() {
    return lease.budget();
  }

  /** Hands the agent the job's current credentials (before the start, and on each rotation). */
  void useCredentials(List<Credential> current) {
    credentials = List.copyOf(current);
  }

  @Override
  public List<Credential> credentials() {
    return credentials;
  }

  void start(Executor executor) {
    executor.execute(this::execute);
  }

  private void execute() {
    synchronized (threadLock) {
      thread = Thread.currentThread();
    }
    try {
      enqueue(completion(agent.run(this)));
    } catch (AgentFailure failure) {
      enqueue(new AgentOutput.Failed(failure.error()));
    } catch (Exception | LinkageError | AssertionError failure) {
      if (!cancelled) {
        LOG.warn("agent {} failed in job {}", record.agent().wire(), record.jobId(), failure);
      }
      enqueue(new AgentOutput.Failed(streamFailure().orElse(ErrorPayload.of(ErrorCode.INTERNAL_ERROR,
          "agent " + record.agent().wire() + " failed: " + failure.getClass().getSimpleName()))));
    } finally {
      synchronized (threadLock) {
        thread = null;
        Thread.interrupted();
      }
    }
  }

  /** What a normal return ends the job with: the inline result, or the end of the result stream. */
  private AgentOutput completion(JsonNode result) {
    if (resultStream == null) {
      return new AgentOutput.Completed(JobResult.inline(result == null ? NullNode.getInstance() : result,
          Optional.empty()));
    }
    Optional<ErrorPayload> failure = streamFailure();
    if (failure.isPresent()) {
      return new AgentOutput.Failed(failure.get());
    }
    if (result != null && !result.isNull()) {
      return new AgentOutput.Failed(ErrorPayload.of(ErrorCode.INTERNAL_ERROR, "agent " + record.agent().wire()
          + " returned an inline result after opening a result stream (spec 1.1 §8.4 forbids mixing them)"));
    }
    return new AgentOutput.Completed(resultStream.finish());
  }

  private Optional<ErrorPayload> streamFailure() {
    return resultStream == null ? Optional.empty() : resultStream.failure();
  }

  /**
   * Stops the agent: later emits are discarded, its thread is interrupted and whatever waits for a
   * child's outcome is released.
   */
  void cancel() {
    cancelled = true;
    children.values().forEach(outcome -> outcome.completeExceptionally(
        new CancellationException("job " + record.jobId() + " is ending")));
    synchronized (threadLock) {
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** The delegated child {@code childJobId} ended. Called on the job entity's thread. */
  void childEnded(String childJobId, ChildOutcome outcome) {
    CompletableFuture<ChildOutcome> waiting = children.remove(childJobId);
    if (waiting != null) {
      waiting.complete(outcome);
    }
  }

  /** Takes up to {@code max} queued outputs, in order, re-arming the drain signal first. */
  List<AgentOutput> drain(int max) {
    drainRequested.set(false);
    List<AgentOutput> batch = new ArrayList<>();
    AgentOutput next;
    while (batch.size() < max && (next = queue.poll()) != null) {
      batch.add(next);
    }
    return batch;
  }

  boolean hasQueuedOutput() {
    return !queue.isEmpty();
  }

  /**
   * {@code events} emitted events are journaled, the last of them (if any was kept) as
   * {@code upToJobSeq}: their window slots are freed once the owning session has stamped that seq
   * ({@link #stamped}), at once when nothing is awaited. Called on the job entity's thread.
   */
  void journaled(int events, long upToJobSeq) {
    if (upToJobSeq <= stampedJobSeq) {
      window.release(events);
    } else {
      awaitingStamp.addLast(new long[] {upToJobSeq, events});
    }
  }

  /** The owning session has stamped every output up to {@code jobSeq}. Called on the entity's thread. */
  void stamped(long jobSeq) {
    stampedJobSeq = Math.max(stampedJobSeq, jobSeq);
    while (!awaitingStamp.isEmpty() && awaitingStamp.peekFirst()[0] <= stampedJobSeq) {
      window.release((int) awaitingStamp.removeFirst()[1]);
    }
  }

  /** Whether journaled events wait for the session to stamp them. */
  boolean awaitsStamp() {
    return !awaitingStamp.isEmpty();
  }

  /** Frees every slot held for the session (it did not answer in time; it will repair gaps itself). */
  void stopAwaitingStamp() {
    stamped(Long.MAX_VALUE);
  }

  /** Nanos (System.nanoTime) of the agent's last sign of life. */
  long lastSignalNanos() {
    return lastSignalNanos;
  }

  private void enqueue(AgentOutput output) {
    lastSignalNanos = System.nanoTime();
    queue.add(output);
    if (drainRequested.compareAndSet(false, true)) {
      entity.tell(new JobEntity.Drain(runId));
    }
  }

  @Override
  public String jobId() {
    return record.jobId();
  }

  @Override
  public AgentRef agent() {
    return record.agent();
  }

  @Override
  public JsonNode input() {
    return record.input();
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
  public boolean supports(Feature feature) {
    return record.negotiated(feature);
  }

  @Override
  public void emit(EventBody body) {
    if (body instanceof ResultChunkBody) {
      throw new IllegalArgumentException("result_chunk events are written through openResult()");
    }
    emitEvent(body);
  }

  @Override
  public ResultStream openResult() throws AgentFailure {
    if (resultStream != null) {
      throw new IllegalStateException("the job's result stream is already open");
    }
    if (!supports(Feature.RESULT_CHUNK)) {
      throw new AgentFailure(ErrorPayload.of(ErrorCode.INVALID_REQUEST, "agent " + record.agent().wire()
          + " streams its result, which needs the result_chunk feature; the session did not negotiate it"));
    }
    resultStream = new ResultChunker(Ids.result(), maxResultBytes, this::emitEvent);
    return resultStream;
  }

  private void emitEvent(EventBody body) {
    requireNegotiated(body);
    if (cancelled) {
      return;
    }
    Optional<MetricBody> remaining = budget.flatMap(ledger -> ledger.spend(body));
    enqueueEvent(body);
    remaining.ifPresent(this::enqueueEvent);
  }

  private void enqueueEvent(EventBody body) {
    try {
      window.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    enqueue(new AgentOutput.Event(clock.instant(), body));
  }

  /** Chunks need {@code result_chunk} too; {@link #openResult()} checks it before any is written. */
  private void requireNegotiated(EventBody body) {
    if (body instanceof ProgressBody && !supports(Feature.PROGRESS)) {
      throw new IllegalStateException(
          "progress events need the progress feature, which the submitting session did not negotiate");
    }
  }

  @Override
  public void heartbeat() {
    lastSignalNanos = System.nanoTime();
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public Authorization authorize(String capability, String target) {
    return guard.check(capability, target);
  }

  @Override
  public Delegation delegate(DelegationRequest request) {
    ChildAdmission.Parsed parsed;
    try {
      parsed = ChildAdmission.parse(request);
    } catch (ProtocolViolation violation) {
      return refuse(Ids.delegate(), ErrorPayload.of(violation));
    }
    if (cancelled) {
      return new Delegation.Refused(parsed.delegateId(), ErrorPayload.of(ErrorCode.CANCELLED,
          "job " + record.jobId() + " is ending"));
    }
    String key = delegations.nextKey(request.key());
    String fingerprint = SubmitFingerprint.of(request.agent(), request.input(), request.leaseRequest(),
        request.constraints().expiresAt(), Optional.empty());
    Optional<DelegationLog.Entry> earlier = delegations.earlier(key);
    if (earlier.isPresent() && earlier.get().fingerprint().equals(fingerprint)) {
      return redelegated(earlier.get());
    }
    emitEvent(parsed.event());
    if (earlier.isPresent() && request.key().isPresent()) {
      return refuse(parsed.delegateId(), ErrorPayload.of(ErrorCode.INVALID_REQUEST, "delegation key "
          + request.key().get() + " already names another request (child " + earlier.get().childJobId() + ")"));
    }
    if (authorize(CapabilityName.AGENT_DELEGATE.wire(), parsed.agent().name()) instanceof Authorization.Denied denied) {
      return refuse(parsed.delegateId(), denied.error());
    }
    Budget remaining = budget.map(BudgetLedger::remaining).orElse(Budget.of(List.of()));
    ChildAdmission.Decision decision = admission.decide(parsed, remaining, clock.instant());
    if (decision instanceof ChildAdmission.Refused refused) {
      return refuse(parsed.delegateId(), refused.error());
    }
    JobRecord child = ((ChildAdmission.Admitted) decision).child();
    CompletableFuture<ChildOutcome> outcome = new CompletableFuture<>();
    children.put(child.jobId(), outcome);
    delegations.started(key, new DelegationLog.Entry(child.jobId(), parsed.delegateId(), fingerprint));
    enqueue(new AgentOutput.Delegated(child, key, fingerprint));
    child.effectiveLease().budget().ifPresent(carved ->
        budget.ifPresent(ledger -> ledger.carve(carved).forEach(this::enqueueEvent)));
    return new Delegation.Delegated(parsed.delegateId(), child.jobId(), outcome);
  }

  /**
   * The same delegation as an earlier attempt's: its child, not a second one, and no second
   * {@code delegate} event. The outcome arrives when the child ends, or at once if it already has.
   */
  private Delegation redelegated(DelegationLog.Entry earlier) {
    CompletableFuture<ChildOutcome> outcome = children.get(earlier.childJobId());
    if (outcome == null) {
      outcome = new CompletableFuture<>();
      children.put(earlier.childJobId(), outcome);
      enqueue(new AgentOutput.Redelegated(earlier.childJobId()));
    }
    return new Delegation.Delegated(earlier.delegateId(), earlier.childJobId(), outcome);
  }

  /** A refused delegation reaches the wire as a {@code tool_result} error on this job (spec 1.0 §10.2). */
  private Delegation refuse(String delegateId, ErrorPayload error) {
    emitEvent(ToolResultBody.failure(delegateId, error));
    return new Delegation.Refused(delegateId, error);
  }

  @Override
  public void checkpoint(JsonNode state) {
    if (!cancelled) {
      enqueue(new AgentOutput.Checkpoint(state.deepCopy(), delegations.calls()));
    }
  }
}
