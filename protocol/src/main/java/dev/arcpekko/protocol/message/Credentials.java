package dev.arcpekko.protocol.message;

import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.List;

/** Reads and writes the optional {@code credentials} array shared by several payloads. */
final class Credentials {
  private Credentials() {}

  static List<Credential> read(JsonObjectReader in) {
    return in.optionalObjectList("credentials", Credential::read).orElse(List.of());
  }

  static void write(JsonObjectWriter out, List<Credential> credentials) {
    if (!credentials.isEmpty()) {
      var array = out.putArray("credentials");
      credentials.forEach(c -> array.add(c.write().node()));
    }
  }
}
