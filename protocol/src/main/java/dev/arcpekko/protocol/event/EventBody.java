package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The kind-specific {@code body} of a {@code job.event} (spec 1.0 §8.2, 1.1 §8.2). Each reserved
 * kind has its own record; vendor and unknown kinds are kept verbatim as {@link OpaqueEventBody}.
 */
public sealed interface EventBody
    permits LogBody,
        ThoughtBody,
        ToolCallBody,
        ToolResultBody,
        StatusBody,
        MetricBody,
        ArtifactRefBody,
        DelegateBody,
        ProgressBody,
        ResultChunkBody,
        OpaqueEventBody {

  /** The event's {@code kind} on the wire. */
  String kind();

  /** The body as it travels on the wire. */
  JsonNode toJson();
}
