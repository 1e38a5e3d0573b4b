/**
 * Leases (spec 1.0 §9, 1.1 §9): capability names, anchored glob patterns matched without
 * backtracking, canonical forms for paths and URLs, exact glob containment for delegation, cost
 * budgets in exact decimal arithmetic, and lease expiry.
 */
package dev.arcpekko.protocol.lease;
