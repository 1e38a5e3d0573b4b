package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.protocol.message.LeaseJson;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code delegate} event (spec 1.0 §10.1): a running job asks for a child job,
 * {@code {delegate_id, agent, input, lease_request?, lease_constraints?}}.
 */
public record DelegateBody(
    String delegateId,
    AgentRef agent,
    Optional<JsonNode> input,
    Optional<Lease> leaseRequest,
    Optional<LeaseConstraints> leaseConstraints)
    implements EventBody {
  public static final String KIND = "delegate";

  public DelegateBody {
    Objects.requireNonNull(delegateId, "delegateId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(leaseRequest, "leaseRequest");
    Objects.requireNonNull(leaseConstraints, "leaseConstraints");
  }

  static DelegateBody read(JsonObjectReader in) {
    return new DelegateBody(
        in.requireNonEmptyString("delegate_id"),
        AgentRef.read(in, "agent"),
        in.optionalAny("input"),
        LeaseJson.read(in, "lease_request"),
        LeaseJson.readConstraints(in, "lease_constraints"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    JsonObjectWriter out = JsonObjectWriter.create()
        .put("delegate_id", delegateId)
        .put("agent", agent.wire())
        .putJson("input", input);
    leaseRequest.ifPresent(lease -> LeaseJson.write(out, "lease_request", lease));
    LeaseJson.writeConstraints(out, "lease_constraints", leaseConstraints);
    return out.node();
  }
}
