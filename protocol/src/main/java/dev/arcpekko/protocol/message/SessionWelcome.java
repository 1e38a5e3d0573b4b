package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code session.welcome}: the runtime's answer to a successful hello or resume, with a fresh
 * resume token, the resume window, the heartbeat interval (when {@code heartbeat} is negotiated)
 * and the negotiated capabilities including the agent inventory.
 */
public record SessionWelcome(
    RuntimeInfo runtime,
    String resumeToken,
    long resumeWindowSec,
    OptionalLong heartbeatIntervalSec,
    Capabilities capabilities)
    implements Message {

  public SessionWelcome {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(resumeToken, "resumeToken");
    Objects.requireNonNull(heartbeatIntervalSec, "heartbeatIntervalSec");
    Objects.requireNonNull(capabilities, "capabilities");
    if (resumeWindowSec < 1) {
      throw new IllegalArgumentException("resumeWindowSec must be positive");
    }
  }

  static SessionWelcome read(JsonObjectReader in) {
    return new SessionWelcome(
        RuntimeInfo.read(in.requireObject("runtime")),
        in.requireNonEmptyString("resume_token"),
        in.requireLong("resume_window_sec", 1),
        in.optionalLong("heartbeat_interval_sec", 1),
        Capabilities.read(in.requireObject("capabilities")));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_WELCOME.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.put("runtime", runtime.write())
        .put("resume_token", resumeToken)
        .put("resume_window_sec", resumeWindowSec)
        .putLong("heartbeat_interval_sec", heartbeatIntervalSec)
        .put("capabilities", capabilities.write());
  }

  @Override
  public String toString() {
    return "SessionWelcome[runtime=" + runtime + ", resumeToken=<redacted>, resumeWindowSec="
        + resumeWindowSec + ", heartbeatIntervalSec=" + heartbeatIntervalSec + ", capabilities="
        + capabilities + "]";
  }
}
