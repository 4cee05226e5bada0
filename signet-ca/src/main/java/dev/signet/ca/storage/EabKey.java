package dev.signet.ca.storage;

import java.time.Instant;

/**
 * An external account binding key (RFC 8555 §7.3.4) of one provisioner: a key id and an HMAC key that can bind
 * exactly one account. Immutable.
 *
 * @param reference the operator's free-form label, or null
 * @param boundAccountId the account it bound, or null while unused
 */
public record EabKey(
        String keyId,
        String provisioner,
        String reference,
        byte[] hmacKey,
        Instant createdAt,
        String boundAccountId,
        Instant boundAt) {}
