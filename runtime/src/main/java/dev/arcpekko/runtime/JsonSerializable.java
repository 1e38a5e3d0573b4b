package dev.arcpekko.runtime;

/**
 * Marker for every message and persisted event or snapshot of the runtime: they cross nodes and
 * go into the journal as JSON through Pekko's Jackson serializer (bound in {@code reference.conf}).
 */
public interface JsonSerializable {}
