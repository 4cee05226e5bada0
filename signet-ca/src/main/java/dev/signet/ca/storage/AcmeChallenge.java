package dev.signet.ca.storage;

import dev.signet.ca.error.ProblemDetail;
import java.time.Instant;

/**
 * An ACME challenge (RFC 8555 §7.1.5, §8). Immutable.
 *
 * @param type {@code http-01}, {@code tls-alpn-01} or {@code dns-01}
 * @param token the random token (base64url, at least 128 bits of entropy, §8.1)
 * @param validatedAt when it became valid, or null
 * @param error why validation failed, or null
 */
public record AcmeChallenge(
        String id,
        String authorizationId,
        String type,
        String token,
        Status status,
        Instant validatedAt,
        ProblemDetail error) {

    public enum Status { PENDING, PROCESSING, VALID, INVALID }
}
