package dev.arcpekko.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code job.submit} (spec 1.0 §7.1, 1.1 §7.1): the agent to run (grammar-checked), its input, the
 * requested lease (grammar-checked; empty when absent), optional lease constraints (UTC
 * {@code expires_at}), an idempotency key and a positive {@code max_runtime_sec}. Whether the
 * agent exists and {@code expires_at} lies in the future are the runtime's checks.
 */
public record JobSubmit(
    AgentRef agent,
    Optional<JsonNode> input,
    Lease leaseRequest,
    Optional<LeaseConstraints> leaseConstraints,
    Optional<String> idempotencyKey,
    OptionalLong maxRuntimeSec)
    implements Message {

  public JobSubmit {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(leaseRequest, "leaseRequest");
    Objects.requireNonNull(leaseConstraints, "leaseConstraints");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(maxRuntimeSec, "maxRuntimeSec");
  }

  static JobSubmit read(JsonObjectReader in) {
    return new JobSubmit(
        AgentRef.read(in, "agent"),
        in.optionalAny("input"),
        LeaseJson.read(in, "lease_request").orElse(Lease.empty()),
        LeaseJson.readConstraints(in, "lease_constraints"),
        in.optionalNonEmptyString("idempotency_key"),
        in.optionalLong("max_runtime_sec", 1));
  }

  @Override
  public String wireType() {
    return MessageType.JOB_SUBMIT.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("agent", agent.wire()).putJson("input", input);
    LeaseJson.write(out, "lease_request", leaseRequest);
    LeaseJson.writeConstraints(out, "lease_constraints", leaseConstraints);
    out.putString("idempotency_key", idempotencyKey).putLong("max_runtime_sec", maxRuntimeSec);
  }
}
