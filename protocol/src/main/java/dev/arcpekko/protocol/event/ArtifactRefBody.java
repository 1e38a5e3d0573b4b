package dev.arcpekko.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcpekko.protocol.json.JsonObjectReader;
import dev.arcpekko.protocol.json.JsonObjectWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** An {@code artifact_ref} event: {@code {uri, content_type, byte_size?, sha256?}}. */
public record ArtifactRefBody(String uri, String contentType, OptionalLong byteSize, Optional<String> sha256)
    implements EventBody {
  public static final String KIND = "artifact_ref";

  public ArtifactRefBody {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(byteSize, "byteSize");
    Objects.requireNonNull(sha256, "sha256");
  }

  static ArtifactRefBody read(JsonObjectReader in) {
    return new ArtifactRefBody(
        in.requireNonEmptyString("uri"),
        in.requireNonEmptyString("content_type"),
        in.optionalLong("byte_size", 0),
        in.optionalString("sha256"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public JsonNode toJson() {
    return JsonObjectWriter.create()
        .put("uri", uri)
        .put("content_type", contentType)
        .putLong("byte_size", byteSize)
        .putString("sha256", sha256)
        .node();
  }
}
