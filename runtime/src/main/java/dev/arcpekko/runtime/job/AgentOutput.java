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

  /** A delegation the agent made: journal the child, then start it. */
  record Delegated(JobRecord child) implements AgentOutput {}

  /** A checkpoint to journal. */
  record Checkpoint(JsonNode state) implements AgentOutput {}

  /** The agent returned: the job's {@code job.result}, inline or ending a result stream. */
  record Completed(JobResult result) implements AgentOutput {}

  /** The agent failed with this error. */
  record Failed(ErrorPayload error) implements AgentOutput {}
}
