package dev.signet.ca.va;

import java.util.Objects;

/**
 * One challenge to check.
 *
 * @param challengeType {@code http-01}, {@code tls-alpn-01} or {@code dns-01}
 * @param identifierType {@code dns} or {@code ip} (RFC 8738)
 * @param identifierValue the name without a leading {@code *.}, or the IP address in canonical text form
 * @param token the challenge token (RFC 8555 §8.1)
 * @param keyAuthorization {@code token + "." + base64url(JWK thumbprint)} (RFC 8555 §8.1)
 */
public record ValidationRequest(
        String challengeType, String identifierType, String identifierValue, String token, String keyAuthorization) {
    public ValidationRequest {
        Objects.requireNonNull(challengeType, "challengeType");
        Objects.requireNonNull(identifierType, "identifierType");
        Objects.requireNonNull(identifierValue, "identifierValue");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(keyAuthorization, "keyAuthorization");
    }

    /** Whether the identifier is an IP address (RFC 8738) rather than a DNS name. */
    public boolean isIp() {
        return "ip".equals(identifierType);
    }
}
