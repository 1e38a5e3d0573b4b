package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The body of a vendor kind ({@code x-<vendor>.<kind>}) or of a kind this runtime does not know,
 * preserved as raw JSON: receivers must ignore unknown kinds rather than fail (spec 1.0 §8.2).
 */
public record OpaqueEventBody(String kind, JsonNode body) implements EventBody {
  public OpaqueEventBody {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(body, "body");
    if (EventKinds.isReserved(kind)) {
      throw new IllegalArgumentException("reserved kind '" + kind + "' has a typed body");
    }
  }

  /** Whether the kind is in the vendor namespace rather than simply unknown. */
  public boolean isVendorKind() {
    return kind.startsWith("x-");
  }

  @Override
  public JsonNode toJson() {
    return body;
  }
}
