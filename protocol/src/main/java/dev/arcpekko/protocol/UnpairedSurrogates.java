package dev.arcpekko.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds strings that JSON {@code \\u} escapes made into unpaired UTF-16 surrogates. Such a string
 * has no UTF-8 form (spec 1.0 §5.2: strings MUST be UTF-8) and would silently turn into {@code ?}
 * when written back to a peer, so the frame is refused instead. The tree is only walked when the
 * frame text contains a surrogate escape at all.
 */
final class UnpairedSurrogates {
  private static final Pattern SURROGATE_ESCAPE = Pattern.compile("\\\\u[dD][89a-fA-F]");

  private UnpairedSurrogates() {}

  /** The path of the first string or field name with an unpaired surrogate, if any. */
  static Optional<String> find(String frame, JsonNode root) {
    if (frame.indexOf("\\u") < 0 || !SURROGATE_ESCAPE.matcher(frame).find()) {
      return Optional.empty();
    }
    return find(root, "");
  }

  private static Optional<String> find(JsonNode node, String path) {
    if (node.isTextual()) {
      return isWellFormed(node.textValue()) ? Optional.empty() : Optional.of(path);
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> found = find(node.get(i), path + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (!isWellFormed(field.getKey())) {
          return Optional.of(path.isEmpty() ? "field name" : path);
        }
        Optional<String> found = find(field.getValue(), fieldPath);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
