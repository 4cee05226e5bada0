package dev.signet.ca.error;

/**
 * A problem about one identifier inside a larger one (RFC 8555 §6.7.1). Immutable.
 *
 * @param identifierType {@code dns} or {@code ip}
 * @param identifierValue the name or address
 */
public record Subproblem(Problem problem, String detail, String identifierType, String identifierValue) {}
