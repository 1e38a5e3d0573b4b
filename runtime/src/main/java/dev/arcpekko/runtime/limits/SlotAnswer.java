package dev.arcpekko.runtime.limits;

import dev.arcpekko.runtime.JsonSerializable;

/** The answer of a per-principal limit to a claim: a slot is granted, or refused at {@code max}. */
public sealed interface SlotAnswer extends JsonSerializable {

  /** The claim holds a slot now (or already held it). */
  record Granted() implements SlotAnswer {}

  /** Every one of the {@code max} slots is taken. */
  record Refused(int max) implements SlotAnswer {}
}
