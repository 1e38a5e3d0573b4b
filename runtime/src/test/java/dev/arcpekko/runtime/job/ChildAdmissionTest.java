package dev.arcpekko.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.lease.Budget;
import dev.arcpekko.protocol.lease.BudgetAmount;
import dev.arcpekko.protocol.lease.LeaseConstraints;
import dev.arcpekko.runtime.agent.AgentRegistry;
import dev.arcpekko.runtime.agent.DelegationRequest;
import dev.arcpekko.runtime.agent.examples.ExampleAgents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The delegation rules of spec 1.1 §9.4 as {@link ChildAdmission} applies them. */
class ChildAdmissionTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final Instant PARENT_EXPIRY = NOW.plusSeconds(600);
  private static final Map<String, List<String>> PARENT_LEASE = Map.of(
      "fs.read", List.of("/workspace/**"),
      "model.use", List.of("tier-fast/*"),
      "agent.delegate", List.of("echo"),
      "cost.budget", List.of("USD:5.00"));

  private final JobRecord parent = JobRecord.submitted("job_parent", "sess_1", "alice", "delegator", "1.0.0",
      JsonNodeFactory.instance.nullNode(), PARENT_LEASE, Optional.of(PARENT_EXPIRY), Optional.empty(), NOW,
      "0123456789abcdef0123456789abcdef", List.of("ack"));
  private final ChildAdmission admission =
      new ChildAdmission(parent, parent.effectiveLease(), AgentRegistry.of(ExampleAgents.all()));

  private ChildAdmission.Decision decide(String agent, Map<String, List<String>> lease, Optional<Instant> expiresAt,
      String remainingUsd) {
    DelegationRequest request = new DelegationRequest(agent, JsonNodeFactory.instance.objectNode(), lease,
        new LeaseConstraints(expiresAt));
    Budget remaining = Budget.of(List.of(BudgetAmount.parse("USD:" + remainingUsd)));
    return admission.decide(ChildAdmission.parse(request), remaining, NOW);
  }

  private static ErrorCode refusal(ChildAdmission.Decision decision) {
    assertThat(decision).isInstanceOf(ChildAdmission.Refused.class);
    return ((ChildAdmission.Refused) decision).error().code();
  }

  @Test
  void aCoveredLeaseIsAdmittedAsAChildOfTheParentWithItsTraceSessionAndInheritedExpiry() {
    ChildAdmission.Decision decision = decide("echo", Map.of("fs.read", List.of("/workspace/src/**"),
        "model.use", List.of("tier-fast/small"), "cost.budget", List.of("USD:2")), Optional.empty(), "5.00");

    JobRecord child = ((ChildAdmission.Admitted) decision).child();
    assertThat(child.parentJobId()).contains("job_parent");
    assertThat(child.delegateId()).hasValueSatisfying(id -> assertThat(id).startsWith("del_"));
    assertThat(child.sessionId()).isEqualTo("sess_1");
    assertThat(child.principal()).isEqualTo("alice");
    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.agent().wire()).isEqualTo("echo@2.0.0");
    assertThat(child.expiresAt()).contains(PARENT_EXPIRY);
    assertThat(child.features()).containsExactly("ack");
  }

  @Test
  void anEarlierChildExpiryIsKeptAndALaterOneIsASubsetViolation() {
    ChildAdmission.Decision earlier = decide("echo", Map.of("cost.budget", List.of("USD:1")),
        Optional.of(NOW.plusSeconds(60)), "5.00");
    assertThat(((ChildAdmission.Admitted) earlier).child().expiresAt()).contains(NOW.plusSeconds(60));

    assertThat(refusal(decide("echo", Map.of("cost.budget", List.of("USD:1")), Optional.of(PARENT_EXPIRY.plusSeconds(1)),
        "5.00"))).isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION);
    assertThat(refusal(decide("echo", Map.of("cost.budget", List.of("USD:1")), Optional.of(NOW), "5.00")))
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void patternsTheParentDoesNotCoverAreSubsetViolations() {
    assertThat(refusal(decide("echo", Map.of("fs.read", List.of("/**"), "cost.budget", List.of("USD:1")),
        Optional.empty(), "5.00"))).isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION);
    assertThat(refusal(decide("echo", Map.of("model.use", List.of("tier-slow/*"), "cost.budget", List.of("USD:1")),
        Optional.empty(), "5.00"))).isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION);
    assertThat(refusal(decide("echo", Map.of("fs.write", List.of("/workspace/**"), "cost.budget", List.of("USD:1")),
        Optional.empty(), "5.00"))).isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION);
  }

  @Test
  void theChildBudgetMustFitWhatTheParentHasLeftAndNameEveryBudgetedCurrency() {
    assertThat(decide("echo", Map.of("cost.budget", List.of("USD:3.00")), Optional.empty(), "3.00"))
        .isInstanceOf(ChildAdmission.Admitted.class);
    assertThat(refusal(decide("echo", Map.of("cost.budget", List.of("USD:3.01")), Optional.empty(), "3.00")))
        .isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION);
    assertThat(refusal(decide("echo", Map.of("fs.read", List.of("/workspace/a")), Optional.empty(), "3.00")))
        .isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION);
    assertThat(refusal(decide("echo", Map.of("cost.budget", List.of("USD:1", "EUR:1")), Optional.empty(), "3.00")))
        .isEqualTo(ErrorCode.LEASE_SUBSET_VIOLATION);
  }

  @Test
  void unknownAgentsAndVersionsAreRefusedWithTheirCodes() {
    Map<String, List<String>> lease = Map.of("cost.budget", List.of("USD:1"));
    assertThat(refusal(decide("nobody", lease, Optional.empty(), "5"))).isEqualTo(ErrorCode.AGENT_NOT_AVAILABLE);
    assertThat(refusal(decide("echo@9.9.9", lease, Optional.empty(), "5")))
        .isEqualTo(ErrorCode.AGENT_VERSION_NOT_AVAILABLE);
  }
}
