package dev.arcpekko.runtime.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token format of {@link HmacCredentialProvisioner}: {@code arcp1.<claims>.<signature>}, the
 * claims a base64url JSON object and the signature base64url HMAC-SHA256 of {@code arcp1.<claims>}.
 */
final class HmacToken {
  static final String PREFIX = "arcp1.";
  private static final String ALGORITHM = "HmacSHA256";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  HmacToken(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("an HMAC credential secret needs at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The signed token carrying {@code claims}; the same claims always give the same token. */
  String sign(ObjectNode claims) {
    String signed = PREFIX + ENCODER.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    return signed + "." + ENCODER.encodeToString(mac(signed));
  }

  /** The claims of {@code token} when it is well-formed and signed with this key (checked in constant time). */
  Optional<ObjectNode> open(String token) {
    int dot = token.lastIndexOf('.');
    if (!token.startsWith(PREFIX) || dot <= PREFIX.length()) {
      return Optional.empty();
    }
    String signed = token.substring(0, dot);
    try {
      byte[] signature = DECODER.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, mac(signed))) {
        return Optional.empty();
      }
      JsonNode claims = JSON.readTree(DECODER.decode(signed.substring(PREFIX.length())));
      return claims instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String signed) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
