package dev.arcpekko.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.error.ErrorPayload;
import dev.arcpekko.protocol.event.EventBody;
import dev.arcpekko.protocol.message.JobResult;
import java.time.Instant;

/** What a running agent hands to its job entity, in order, through its {@link AgentRun}. */
sealed interface AgentOutput {

  /** An event to journal and publish. */
  record Event(Instant ts, EventBody body) implements AgentOutput {}

  /** A delegation the agent made under {@code key}: journal the child, then start it. */
  record Delegated(JobRecord child, String key, String fingerprint) implements AgentOutput {}

  /**
   * A restarted agent delegated again what an earlier attempt had: the agent waits for that child's
   * outcome, which the child, if it has already ended, is asked to tell again.
   */
  record Redelegated(String childJobId) implements AgentOutput {}

  /** A checkpoint to journal, taken after {@code delegateCalls} delegate calls. */
  record Checkpoint(JsonNode state, int delegateCalls) implements AgentOutput {}

  /** The agent returned: the job's {@code job.result}, inline or ending a result stream. */
  record Completed(JobResult result) implements AgentOutput {}

  /** The agent failed with this error. */
  record Failed(ErrorPayload error) implements AgentOutput {}
}
