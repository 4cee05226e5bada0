package dev.signet.ca.ra;

import java.time.Duration;
import java.time.Instant;

/**
 * A suggested renewal window (RFC 9773 §4.2) and how long the client should wait before asking again. Immutable.
 */
public record RenewalInfo(Instant start, Instant end, Duration retryAfter) {}
