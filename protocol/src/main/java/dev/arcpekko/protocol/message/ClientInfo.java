package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;

/** {@code session.hello.payload.client}: who is connecting. */
public record ClientInfo(String name, String version, Optional<String> fingerprint) {
  public ClientInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  static ClientInfo read(JsonObjectReader in) {
    return new ClientInfo(
        in.requireNonEmptyString("name"),
        in.requireNonEmptyString("version"),
        in.optionalString("fingerprint"));
  }

  JsonObjectWriter write() {
    return JsonObjectWriter.create()
        .put("name", name)
        .put("version", version)
        .putString("fingerprint", fingerprint);
  }
}
