package dev.arcpekko.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObserverPolicyTest {
  private final ObserverPolicy policy = ObserverPolicy.fromConfig(ConfigFactory.parseString(
      "all = [dashboard]\nallow { auditor = [alice, \"bob@example.com\"] }"));

  @Test
  void everyoneObservesTheirOwnJobsOnlyByDefault() {
    ObserverPolicy none = ObserverPolicy.ownJobsOnly();
    assertThat(none.mayObserve("alice", "alice")).isTrue();
    assertThat(none.mayObserve("bob", "alice")).isFalse();
    assertThat(none.scopeOf("bob")).isEqualTo(new ObserverPolicy.Scope.Owners(Set.of("bob")));
  }

  @Test
  void observeAllPrincipalsSeeEveryOwner() {
    assertThat(policy.mayObserve("dashboard", "alice")).isTrue();
    assertThat(policy.mayObserve("dashboard", "anyone")).isTrue();
    assertThat(policy.scopeOf("dashboard")).isInstanceOf(ObserverPolicy.Scope.Everyone.class);
  }

  @Test
  void allowListsNameOwnersExactly() {
    assertThat(policy.mayObserve("auditor", "alice")).isTrue();
    assertThat(policy.mayObserve("auditor", "bob@example.com")).isTrue();
    assertThat(policy.mayObserve("auditor", "carol")).isFalse();
    assertThat(policy.mayObserve("alice", "auditor")).isFalse();
    assertThat(((ObserverPolicy.Scope.Owners) policy.scopeOf("auditor")).sorted())
        .containsExactly("alice", "auditor", "bob@example.com");
  }
}
