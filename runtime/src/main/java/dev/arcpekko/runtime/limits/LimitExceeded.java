package dev.arcpekko.runtime.limits;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.error.ErrorCode;
import dev.arcpekko.protocol.error.ErrorPayload;
import java.util.Optional;

/**
 * The errors a request gets when a per-principal limit is reached: {@code PERMISSION_DENIED},
 * retryable (the same request succeeds once a slot is free), naming the limit in the message and
 * in {@code details {limit, max}}.
 */
public final class LimitExceeded {
  private LimitExceeded() {}

  /** A handshake beyond {@code arcp.limits.max-sessions-per-principal}. */
  public static ErrorPayload sessions(int max) {
    return error("max_sessions_per_principal", max, "this principal already has " + max
        + " sessions with a live transport; close one and retry");
  }

  /** A submit beyond {@code arcp.limits.max-concurrent-jobs-per-principal}. */
  public static ErrorPayload jobs(int max) {
    return error("max_concurrent_jobs_per_principal", max, "this principal already has " + max
        + " jobs that have not ended; retry when one has ended");
  }

  private static ErrorPayload error(String limit, int max, String advice) {
    ObjectNode details = JsonNodeFactory.instance.objectNode().put("limit", limit).put("max", max);
    return new ErrorPayload(ErrorCode.PERMISSION_DENIED, "limit " + limit + " reached: " + advice, true,
        Optional.of(details));
  }
}
