package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code session.resume} (spec 1.1 §6.3): the v1.1 text's standalone resume request on a new
 * transport, carrying the latest resume token and {@code last_event_seq}, and optionally the
 * bearer credentials and the session id.
 */
public record SessionResume(Optional<Auth> auth, ResumeRequest request) implements Message {
  public SessionResume {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(request, "request");
  }

  static SessionResume read(JsonObjectReader in) {
    return new SessionResume(in.optionalObject("auth").map(Auth::read), ResumeRequest.read(in));
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_RESUME.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    auth.ifPresent(a -> out.put("auth", a.write()));
    request.writeTo(out);
  }
}
