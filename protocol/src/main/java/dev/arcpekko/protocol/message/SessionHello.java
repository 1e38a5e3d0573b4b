package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code session.hello}: the client's identity, credentials, capabilities and, when reconnecting,
 * a resume request. The resume request is accepted in both forms clients send: the nested
 * {@code resume {session_id, resume_token, last_event_seq}} block (spec 1.0 §6.3, TypeScript SDK)
 * and flat {@code resume_token} / {@code last_event_seq} fields on the payload (Java SDK); it is
 * written back in the nested form. Empty capabilities are left out.
 */
public record SessionHello(
    Optional<ClientInfo> client,
    Optional<Auth> auth,
    Capabilities capabilities,
    Optional<ResumeRequest> resume)
    implements Message {

  public SessionHello {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(resume, "resume");
  }

  static SessionHello read(JsonObjectReader in) {
    Optional<ResumeRequest> resume = in.optionalObject("resume").map(ResumeRequest::read);
    if (resume.isEmpty() && in.has("resume_token")) {
      resume = Optional.of(ResumeRequest.read(in));
    }
    return new SessionHello(
        in.optionalObject("client").map(ClientInfo::read),
        in.optionalObject("auth").map(Auth::read),
        in.optionalObject("capabilities").map(Capabilities::read).orElse(Capabilities.none()),
        resume);
  }

  @Override
  public String wireType() {
    return MessageType.SESSION_HELLO.wire();
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    client.ifPresent(c -> out.put("client", c.write()));
    auth.ifPresent(a -> out.put("auth", a.write()));
    if (!capabilities.equals(Capabilities.none())) {
      out.put("capabilities", capabilities.write());
    }
    resume.ifPresent(r -> {
      JsonObjectWriter block = JsonObjectWriter.create();
      r.writeTo(block);
      out.put("resume", block);
    });
  }
}
