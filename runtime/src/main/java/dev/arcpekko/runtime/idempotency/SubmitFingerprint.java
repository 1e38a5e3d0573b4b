package dev.arcpekko.runtime.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcpekko.protocol.lease.Lease;
import dev.arcpekko.runtime.Sha256;
import dev.arcpekko.runtime.job.JobRecord;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The identity of a submit's parameters for idempotency: a SHA-256 over a canonical JSON form (keys
 * sorted) of the resolved agent, input, requested lease, {@code expires_at} and
 * {@code max_runtime_sec}. A bare name and its resolved {@code name@version} are the same submit.
 * The lease and its expiry are the ones the client sent, not what operator caps made of them:
 * whether a resubmit is the same submit depends only on what the client sent, not on caps (or a
 * {@code max-duration} counted from each submit's time) that may differ since.
 */
public final class SubmitFingerprint {
  private SubmitFingerprint() {}

  /**
   * The fingerprint of {@code record}'s parameters with the lease the client {@code requested} and
   * the expiry it asked for.
   */
  public static String of(JobRecord record, Lease requested, Optional<Instant> requestedExpiry) {
    return of(record.agent().wire(), record.input(), requested.asMap(), requestedExpiry, record.maxRuntimeSec());
  }

  /**
   * The fingerprint of a job's parameters: its agent ({@code name@version} once resolved), input,
   * lease, expiry and runtime limit. Also what identifies a delegation across its parent's restarts.
   */
  public static String of(String agent, JsonNode input, Map<String, List<String>> lease,
      Optional<Instant> expiresAt, Optional<Long> maxRuntimeSec) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("agent", agent);
    node.set("input", input);
    ObjectNode leaseNode = node.putObject("lease");
    new TreeMap<>(lease).forEach((capability, patterns) -> {
      var array = leaseNode.putArray(capability);
      patterns.stream().sorted().forEach(array::add);
    });
    expiresAt.ifPresent(at -> node.put("expires_at", at.toString()));
    maxRuntimeSec.ifPresent(limit -> node.put("max_runtime_sec", limit));
    return Sha256.hex(canonical(node).toString());
  }

  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      fields.forEachRemaining(field -> sorted.put(field.getKey(), canonical(field.getValue())));
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      sorted.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(canonical(element)));
      return copy;
    }
    return node;
  }
}
