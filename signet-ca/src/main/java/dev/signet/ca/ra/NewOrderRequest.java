package dev.signet.ca.ra;

import dev.signet.ca.storage.AcmeIdentifier;
import java.time.Instant;
import java.util.List;

/**
 * The payload of a newOrder request: RFC 8555 §7.4 plus {@code replaces} (RFC 9773 §5) and {@code profile}
 * (draft-ietf-acme-profiles). Optional fields are null when left out. Immutable.
 */
public record NewOrderRequest(List<AcmeIdentifier> identifiers, Instant notBefore, Instant notAfter, String profile,
        String replaces) {}
