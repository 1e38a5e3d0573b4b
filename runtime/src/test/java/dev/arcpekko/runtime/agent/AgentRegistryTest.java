package dev.arcpekko.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.arcpekko.protocol.message.AgentEntry;
import dev.arcpekko.protocol.message.AgentRef;
import dev.arcpekko.runtime.agent.AgentRegistry.Resolution;
import dev.arcpekko.runtime.agent.examples.EchoAgent;
import dev.arcpekko.runtime.agent.examples.ExampleAgents;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {
  private final AgentRegistry examples = AgentRegistry.of(ExampleAgents.all());

  /** The smallest agent the registry accepts or refuses, built from its declared versions. */
  private record DeclaredAgent(String name, List<String> versions, String defaultVersion)
      implements Agent {
    @Override
    public JsonNode run(JobContext context) {
      return NullNode.getInstance();
    }
  }

  @Test
  void bareNameResolvesToTheDefaultVersion() {
    Resolution resolution = examples.resolve(AgentRef.parse("echo"));

    assertThat(resolution).isInstanceOfSatisfying(Resolution.Resolved.class, resolved -> {
      assertThat(resolved.ref().wire()).isEqualTo("echo@2.0.0");
      assertThat(resolved.agent()).isInstanceOf(EchoAgent.class);
    });
  }

  @Test
  void pinnedVersionResolvesToExactlyThatVersion() {
    Resolution resolution = examples.resolve(AgentRef.parse("echo@1.0.0"));

    assertThat(resolution).isInstanceOfSatisfying(Resolution.Resolved.class,
        resolved -> assertThat(resolved.ref().wire()).isEqualTo("echo@1.0.0"));
  }

  @Test
  void unknownNameIsAnUnknownAgent() {
    AgentRef ref = AgentRef.parse("nope@1.0.0");

    assertThat(examples.resolve(ref)).isEqualTo(new Resolution.UnknownAgent(ref));
  }

  @Test
  void knownNameInAnUnofferedVersionIsAnUnknownVersion() {
    AgentRef ref = AgentRef.parse("echo@3.0.0");

    assertThat(examples.resolve(ref)).isEqualTo(new Resolution.UnknownVersion(ref));
  }

  @Test
  void registeringTwoAgentsWithTheSameNameIsRefused() {
    List<Agent> twice = List.of(new EchoAgent(), new DeclaredAgent("echo", List.of("9"), "9"));

    assertThatThrownBy(() -> AgentRegistry.of(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent registered twice: echo");
  }

  @Test
  void defaultVersionThatIsNotOfferedIsRefused() {
    Agent agent = new DeclaredAgent("odd", List.of("1.0.0"), "2.0.0");

    assertThatThrownBy(() -> AgentRegistry.of(List.of(agent)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default version 2.0.0 of odd is not offered");
  }

  @Test
  void agentWithoutVersionsIsRefused() {
    Agent agent = new DeclaredAgent("empty", List.of(), "1.0.0");

    assertThatThrownBy(() -> AgentRegistry.of(List.of(agent)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent empty declares no version");
  }

  @Test
  void inventoryListsEveryAgentByNameWithItsVersionsAndDefault() {
    assertThat(examples.inventory()).containsExactly(
        AgentEntry.versioned("delegator", List.of("1.0.0"), Optional.of("1.0.0")),
        AgentEntry.versioned("echo", List.of("1.0.0", "2.0.0"), Optional.of("2.0.0")),
        AgentEntry.versioned("failer", List.of("1.0.0"), Optional.of("1.0.0")),
        AgentEntry.versioned("reader", List.of("1.0.0"), Optional.of("1.0.0")),
        AgentEntry.versioned("sleeper", List.of("1.0.0"), Optional.of("1.0.0")),
        AgentEntry.versioned("spender", List.of("1.0.0"), Optional.of("1.0.0")),
        AgentEntry.versioned("streamer", List.of("1.0.0"), Optional.of("1.0.0")),
        AgentEntry.versioned("ticker", List.of("1.0.0"), Optional.of("1.0.0")));
  }

  @Test
  void serviceLoaderFindsAgentsListedInMetaInfServicesAlongsideTheExamples() {
    AgentRegistry registry =
        AgentRegistry.withServiceAgents(ExampleAgents.all(), getClass().getClassLoader());

    assertThat(registry.inventory()).extracting(AgentEntry::name)
        .containsExactly("delegator", "echo", "failer", "reader", "service-loaded", "sleeper", "spender", "streamer",
            "ticker");
    assertThat(registry.agent("service-loaded")).containsInstanceOf(ServiceLoadedTestAgent.class);
  }

  @Test
  void serviceLoadedAgentClashingWithARegisteredNameIsRefused() {
    List<Agent> clashing = List.of(new DeclaredAgent("service-loaded", List.of("1"), "1"));

    assertThatThrownBy(() -> AgentRegistry.withServiceAgents(clashing, getClass().getClassLoader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent registered twice: service-loaded");
  }
}
