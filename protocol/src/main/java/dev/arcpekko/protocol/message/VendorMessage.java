package dev.arcpekko.protocol.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;

/**
 * A message of a vendor type ({@code x-…}), kept as raw JSON. Whether to ignore it (when the
 * envelope's {@code extensions.optional} is true) or reject it is the receiver's decision.
 */
public record VendorMessage(String type, ObjectNode payload) implements Message {
  public VendorMessage {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    if (!isVendorType(type)) {
      throw new IllegalArgumentException("vendor message types start with 'x-': " + type);
    }
  }

  public static boolean isVendorType(String type) {
    return type.startsWith("x-") && type.length() > 2;
  }

  @Override
  public String wireType() {
    return type;
  }

  @Override
  public void writePayload(JsonObjectWriter out) {
    out.node().setAll(payload);
  }
}
