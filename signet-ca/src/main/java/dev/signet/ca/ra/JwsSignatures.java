package dev.signet.ca.ra;

import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.error.CaException;
import java.util.Set;

/**
 * Checks JWS signatures (RFC 7515, algorithms of RFC 7518 and RFC 8037) for ACME requests and one-time tokens alike:
 * RS256 with RSA of at least 2048 bits, ES256/ES384/ES512 on the matching curve, EdDSA with Ed25519, through a
 * {@link VerificationKey} prepared for the one call. Callers that verify with the same key again keep the
 * {@link VerificationKey} instead.
 *
 * <p>Stateless and thread-safe.
 */
public final class JwsSignatures {
    /** The algorithms accepted. */
    public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "ES384", "ES512", "EdDSA");

    private JwsSignatures() {}

    /**
     * Verifies {@code signature} over {@code input} with {@code key}.
     *
     * @throws CaException {@code badSignatureAlgorithm} when alg does not fit the key, {@code badPublicKey} for a
     *     weak or malformed key, {@code malformed} when the signature does not verify
     */
    public static void verify(String alg, JWK key, byte[] input, byte[] signature) {
        VerificationKey.of(key).verify(alg, input, signature);
    }
}
