package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code session.hello.payload.auth}. Only {@code bearer} is defined; whether a scheme or a
 * missing token is acceptable is the runtime's decision ({@code UNAUTHENTICATED}), not the codec's.
 * {@link #toString()} never reveals the token.
 */
public record Auth(String scheme, Optional<String> token) {
  public static final String BEARER = "bearer";

  public Auth {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(token, "token");
  }

  public static Auth bearer(String token) {
    return new Auth(BEARER, Optional.of(token));
  }

  static Auth read(JsonObjectReader in) {
    return new Auth(in.requireNonEmptyString("scheme"), in.optionalString("token"));
  }

  JsonObjectWriter write() {
    return JsonObjectWriter.create().put("scheme", scheme).putString("token", token);
  }

  @Override
  public String toString() {
    return "Auth[scheme=" + scheme + ", token=" + (token.isPresent() ? "<redacted>" : "<none>") + "]";
  }
}
