package dev.signet.ca.ra;

import java.time.Instant;
import java.util.List;

/**
 * A one-time token that verified and has now been used up. Immutable.
 *
 * @param sans the names the token allows (its {@code sans} claim, else its subject)
 * @param notBefore the certificate start the token asks for, or null
 * @param notAfter the certificate end the token asks for, or null
 */
public record VerifiedToken(JwkProvisioner provisioner, String subject, List<String> sans, String jti, Instant expiresAt,
        Instant notBefore, Instant notAfter) {
    public VerifiedToken {
        sans = List.copyOf(sans);
    }
}
