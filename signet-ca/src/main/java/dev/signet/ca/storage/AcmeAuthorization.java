package dev.signet.ca.storage;

import java.time.Instant;
import java.util.List;

/**
 * An ACME authorization (RFC 8555 §7.1.4) with its challenges. Each belongs to exactly one order. Immutable.
 *
 * @param identifier the identifier without any wildcard label
 * @param wildcard whether the order asked for {@code *.}{@code identifier}
 */
public record AcmeAuthorization(
        String id,
        String accountId,
        String orderId,
        AcmeIdentifier identifier,
        boolean wildcard,
        Status status,
        Instant expiresAt,
        List<AcmeChallenge> challenges) {

    public enum Status { PENDING, VALID, INVALID, DEACTIVATED, EXPIRED, REVOKED }

    public AcmeAuthorization {
        challenges = List.copyOf(challenges);
    }
}
