package dev.arcpekko.cluster.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.event.LogLevel;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.runtime.agent.Delegation;
import dev.arcpekko.runtime.agent.DelegationRequest;
import dev.arcpekko.runtime.agent.JobContext;
import dev.arcpekko.runtime.agent.SingleVersionAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code relay@1.0.0}, restartable: makes each delegation of {@code input.delegations} ({@code
 * {agent, input, lease_request?, key?}}) in order, waits for every child, logs {@code "children
 * done"}, on its first attempt sleeps {@code input.first_attempt_sleep_ms}, and returns
 * {@code {"attempt": n, "children": [{"delegate_id", "child_job_id", "status", "result"} or
 * {"refused": code}]}}.
 */
final class RelayAgent extends SingleVersionAgent {
  RelayAgent() {
    super("relay", "1.0.0");
  }

  @Override
  public boolean restartable() {
    return true;
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    List<Delegation> delegations = new ArrayList<>();
    for (JsonNode wanted : context.input().path("delegations")) {
      Map<String, List<String>> lease = WireClient.JSON.convertValue(wanted.path("lease_request"),
          WireClient.JSON.getTypeFactory().constructMapType(Map.class,
              WireClient.JSON.getTypeFactory().constructType(String.class),
              WireClient.JSON.getTypeFactory().constructCollectionType(List.class, String.class)));
      DelegationRequest request = new DelegationRequest(wanted.path("agent").asText(), wanted.path("input"),
          lease == null ? Map.of() : lease, LeaseConstraints.none());
      delegations.add(context.delegate(wanted.has("key") ? request.withKey(wanted.path("key").asText()) : request));
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode().put("attempt", context.attempt());
    ArrayNode children = result.putArray("children");
    for (Delegation delegation : delegations) {
      if (delegation instanceof Delegation.Delegated delegated) {
        var outcome = delegated.outcome().toCompletableFuture().get();
        children.addObject().put("delegate_id", delegated.delegateId()).put("child_job_id", delegated.childJobId())
            .put("status", outcome.status().wire()).set("result", outcome.result().orElse(null));
      } else {
        children.addObject().put("refused", ((Delegation.Refused) delegation).error().code().name());
      }
    }
    context.log(LogLevel.INFO, "children done");
    if (context.attempt() == 0) {
      Thread.sleep(context.input().path("first_attempt_sleep_ms").asLong(0));
    }
    return result;
  }
}
