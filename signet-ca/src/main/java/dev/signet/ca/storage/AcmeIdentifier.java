package dev.signet.ca.storage;

/**
 * An ACME identifier (RFC 8555 §9.7.7): {@code type} {@code dns} (RFC 8555) or {@code ip} (RFC 8738), and its value
 * (a lower-case name without a wildcard label, or an IP address in canonical form). Immutable.
 */
public record AcmeIdentifier(String type, String value) {}
