package dev.arcpekko.protocol.lease;

import java.util.regex.Pattern;

/**
 * The official TypeScript SDK's glob-to-regex translation, transcribed as the oracle for {@link
 * Glob}. DOTALL stands in for the fact that {@code **} is meant to match any character;
 * JavaScript's {@code .} merely happens to stop at line terminators, which the generated targets
 * never contain.
 */
final class ReferenceGlobRegex {
  private ReferenceGlobRegex() {}

  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder("^");
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c != '*') {
        // '/' is emitted bare so that "drop the preceding /" can remove exactly one character.
        regex.append(Character.isLetterOrDigit(c) || c == '/' ? String.valueOf(c) : "\\" + c);
      } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean slashBefore = i > 0 && glob.charAt(i - 1) == '/';
        boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        boolean atEnd = i + 2 == glob.length();
        if (slashBefore && slashAfter) {
          regex.setLength(regex.length() - 1);
          regex.append("(?:/[^/]+)*/");
          i += 2;
        } else if (slashBefore && atEnd) {
          regex.setLength(regex.length() - 1);
          regex.append("(?:/[^/]+)*");
          i += 1;
        } else {
          regex.append(".*");
          i += 1;
        }
      } else {
        regex.append("[^/]*");
      }
    }
    return Pattern.compile(regex.append('$').toString(), Pattern.DOTALL);
  }
}
