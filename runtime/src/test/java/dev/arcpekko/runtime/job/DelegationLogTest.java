package dev.arcpekko.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a run keys its delegate calls, and what it finds of earlier attempts. */
class DelegationLogTest {
  private static final DelegationLog.Entry FIRST = new DelegationLog.Entry("job_a", "del_a", "fp_a");
  private static final DelegationLog.Entry SECOND = new DelegationLog.Entry("job_b", "del_b", "fp_b");

  @Test
  void unkeyedCallsAreKeyedByTheirPlaceCountedFromTheLastCheckpoint() {
    DelegationLog log = DelegationLog.NONE.with("#0", FIRST).checkpointed(1).with("#1", SECOND);

    DelegationLog.Redelegations rerun = log.forRun();
    String key = rerun.nextKey(Optional.empty());

    // Resumed after the checkpoint, the run's first call is the job's second: its child is found.
    assertThat(key).isEqualTo("#1");
    assertThat(rerun.earlier(key)).contains(SECOND);
    assertThat(rerun.earlier(rerun.nextKey(Optional.empty()))).isEmpty();
    assertThat(rerun.calls()).isEqualTo(3);
  }

  @Test
  void aKeyedCallIsFoundByItsKeyWhereverItComesAndStillCounts() {
    DelegationLog.Redelegations run = DelegationLog.NONE.with("key:summary", FIRST).forRun();

    assertThat(run.earlier(run.nextKey(Optional.of("summary")))).contains(FIRST);
    assertThat(run.nextKey(Optional.empty())).isEqualTo("#1");
    run.started("#1", SECOND);
    assertThat(run.earlier("#1")).contains(SECOND);
  }

  @Test
  void theLogSurvivesTheJournalsJsonAndOlderStatesHaveNone() throws Exception {
    ObjectMapper json = new ObjectMapper().registerModule(new Jdk8Module());
    DelegationLog log = DelegationLog.NONE.with("#0", FIRST).checkpointed(1);

    assertThat(json.readValue(json.writeValueAsString(log), DelegationLog.class)).isEqualTo(log);
    assertThat(json.readValue("{}", DelegationLog.class)).isEqualTo(DelegationLog.NONE);
  }
}
