package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;

/** {@code session.welcome.payload.runtime}: the runtime's name and version. */
public record RuntimeInfo(String name, String version) {
  public RuntimeInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  static RuntimeInfo read(JsonObjectReader in) {
    return new RuntimeInfo(in.requireNonEmptyString("name"), in.requireNonEmptyString("version"));
  }

  JsonObjectWriter write() {
    return JsonObjectWriter.create().put("name", name).put("version", version);
  }
}
