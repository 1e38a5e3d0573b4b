package dev.arcpekko.protocol.lease;

import dev.arcpekko.protocol.error.ProtocolViolation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Canonical forms of absolute URLs: lower-case scheme and host, no default port, userinfo and query
 * kept as sent, fragment dropped, and a path whose unreserved percent-escapes are decoded, whose
 * other escapes use upper-case hex, and whose dot and empty segments are resolved as in {@link
 * PathCanonicaliser}. The root path is written as nothing ({@code https://h} and {@code https://h/}
 * are the same resource, and {@code https://h/**} covers it), except before a query, which always
 * follows a {@code /} so that a wildcard in a host pattern can never reach into it.
 */
final class UrlCanonicaliser {
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  private static final Pattern DECIMAL_PORT = Pattern.compile("[0-9]{1,9}");
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private UrlCanonicaliser() {}

  /** The canonical form of a URL target; anything unparseable or without a host has none. */
  static Optional<String> target(String rawUrl) {
    URI uri;
    try {
      uri = new URI(rawUrl);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (uri.isOpaque() || uri.getScheme() == null || uri.getHost() == null) {
      return Optional.empty();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    StringBuilder canonical = new StringBuilder(rawUrl.length()).append(scheme).append("://");
    if (uri.getRawUserInfo() != null) {
      canonical.append(uri.getRawUserInfo()).append('@');
    }
    canonical.append(uri.getHost().toLowerCase(Locale.ROOT));
    if (uri.getPort() != -1 && uri.getPort() != defaultPort(scheme)) {
      canonical.append(':').append(uri.getPort());
    }
    Optional<String> path = normalisePercentEscapes(uri.getRawPath());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    canonical.append(withoutBareRoot(PathCanonicaliser.resolve(path.get()), query)).append(query);
    return Optional.of(canonical.toString());
  }

  /**
   * The canonical form of a URL pattern {@code scheme://authority[/path][?query]}. Written by hand
   * rather than with {@link URI} because {@code *} may appear in the host. {@code **} may not: it
   * would match across the {@code /} that ends the authority.
   */
  static String pattern(String rawPattern) {
    if (TargetKind.hasControlCharacter(rawPattern)) {
      throw ProtocolViolation.invalid("a URL pattern must not contain control characters");
    }
    int schemeEnd = rawPattern.indexOf("://");
    String scheme =
        schemeEnd < 0 ? "" : rawPattern.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!SCHEME.matcher(scheme).matches()) {
      throw ProtocolViolation.invalid(
          "URL pattern '" + rawPattern + "' must have the form scheme://host/path");
    }
    String rest = rawPattern.substring(schemeEnd + 3);
    if (rest.indexOf('#') >= 0) {
      throw ProtocolViolation.invalid("URL pattern '" + rawPattern + "' must not have a fragment");
    }
    int authorityEnd = indexOfEither(rest, '/', '?');
    String authority = rest.substring(0, authorityEnd);
    if (authority.contains("**")) {
      throw ProtocolViolation.invalid(
          "URL pattern '" + rawPattern + "' must not use '**' in its host; use '*' within a label");
    }
    int queryStart = rest.indexOf('?', authorityEnd);
    String rawPath = rest.substring(authorityEnd, queryStart < 0 ? rest.length() : queryStart);
    String path =
        normalisePercentEscapes(rawPath)
            .orElseThrow(
                () ->
                    ProtocolViolation.invalid(
                        "URL pattern '" + rawPattern + "' has a malformed percent-escape"));
    String query = queryStart < 0 ? "" : rest.substring(queryStart);
    return scheme
        + "://"
        + canonicalAuthority(scheme, authority, rawPattern)
        + withoutBareRoot(PathCanonicaliser.resolvePattern(path, rawPattern), query)
        + query;
  }

  /** The root path {@code /} is dropped unless a query follows it. */
  private static String withoutBareRoot(String path, String query) {
    return path.equals("/") && query.isEmpty() ? "" : path;
  }

  private static String canonicalAuthority(String scheme, String authority, String rawPattern) {
    int hostStart = authority.lastIndexOf('@') + 1;
    String hostAndPort = authority.substring(hostStart);
    int colon = hostAndPort.lastIndexOf(':');
    // A colon inside an IPv6 literal's brackets is not a port separator.
    boolean hasPort = colon > hostAndPort.lastIndexOf(']');
    String host = hasPort ? hostAndPort.substring(0, colon) : hostAndPort;
    if (host.isEmpty()) {
      throw ProtocolViolation.invalid("URL pattern '" + rawPattern + "' must name a host");
    }
    String port = hasPort ? hostAndPort.substring(colon + 1) : "";
    if (DECIMAL_PORT.matcher(port).matches()) {
      // Rendered as the URI parser renders a target's port, so "0443" and "443" agree.
      int number = Integer.parseInt(port);
      port = number == defaultPort(scheme) ? "" : Integer.toString(number);
    }
    return authority.substring(0, hostStart)
        + host.toLowerCase(Locale.ROOT)
        + (port.isEmpty() ? "" : ":" + port);
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> -1;
    };
  }

  private static int indexOfEither(String text, char first, char second) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == first || text.charAt(i) == second) {
        return i;
      }
    }
    return text.length();
  }

  /**
   * Decodes escapes of unreserved characters (RFC 3986 §6.2.2.2) and upper-cases the hex of the
   * rest, so that {@code %2e%2e} becomes a {@code ..} segment before dot segments are resolved.
   * Empty if an escape is malformed.
   */
  private static Optional<String> normalisePercentEscapes(String path) {
    StringBuilder normalised = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        normalised.append(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return Optional.empty();
      }
      int high = hexValue(path.charAt(i + 1));
      int low = hexValue(path.charAt(i + 2));
      if (high < 0 || low < 0) {
        return Optional.empty();
      }
      char decoded = (char) (high * 16 + low);
      if (isUnreserved(decoded)) {
        normalised.append(decoded);
      } else {
        normalised.append('%').append(UPPER_HEX[high]).append(UPPER_HEX[low]);
      }
      i += 2;
    }
    return Optional.of(normalised.toString());
  }

  // Character.digit would also accept non-ASCII digits, which are not hex in a URL.
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
