package dev.signet.ca.ra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.pki.Crypto;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks JWS signatures (RFC 7515, algorithms of RFC 7518 and RFC 8037) for ACME requests and one-time tokens alike:
 * RS256 with RSA of at least 2048 bits, ES256/ES384/ES512 on the matching curve, EdDSA with Ed25519. ECDSA runs on
 * Nimbus with the BouncyCastle provider and Ed25519 on BouncyCastle directly, several times faster than the JDK here.
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
        if (!ALGORITHMS.contains(alg)) {
            throw new CaException(Problem.BAD_SIGNATURE_ALGORITHM, "The algorithm \"" + alg + "\" is not accepted; use RS256, ES256, ES384, ES512 or EdDSA.");
        }
        boolean valid;
        try {
            if (alg.equals("EdDSA")) {
                if (!(key instanceof OctetKeyPair) || !Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) throw mismatch(alg, key);
                byte[] x = ((OctetKeyPair) key).getX().decode();
                if (x.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                    throw new CaException(Problem.BAD_PUBLIC_KEY, "The Ed25519 key has " + x.length + " bytes instead of 32.");
                }
                Ed25519Signer v = new Ed25519Signer();
                v.init(false, new Ed25519PublicKeyParameters(x, 0));
                v.update(input, 0, input.length);
                valid = v.verifySignature(signature);
            } else {
                valid = verifier(alg, key).verify(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.parse(alg)), input, Base64URL.encode(signature));
            }
        } catch (JOSEException | RuntimeException e) {
            if (e instanceof CaException) throw (CaException) e;
            valid = false;
        }
        if (!valid) throw new CaException(Problem.MALFORMED, "The JWS signature does not verify.").asAuthenticationFailure();
    }

    private static JWSVerifier verifier(String alg, JWK key) throws JOSEException {
        if (alg.equals("RS256")) {
            if (!(key instanceof RSAKey)) throw mismatch(alg, key);
            RSAKey rsa = (RSAKey) key;
            if (rsa.size() < 2048) {
                throw new CaException(Problem.BAD_PUBLIC_KEY, "The RSA key has " + rsa.size() + " bits; at least 2048 are required.");
            }
            RSASSAVerifier v = new RSASSAVerifier(rsa);
            return v;
        }
        Curve curve = alg.equals("ES256") ? Curve.P_256 : alg.equals("ES384") ? Curve.P_384 : Curve.P_521;
        if (!(key instanceof ECKey) || !curve.equals(((ECKey) key).getCurve())) throw mismatch(alg, key);
        ECDSAVerifier v = new ECDSAVerifier((ECKey) key);
        v.getJCAContext().setProvider(Crypto.BC);
        return v;
    }

    private static CaException mismatch(String alg, JWK key) {
        return new CaException(Problem.BAD_SIGNATURE_ALGORITHM, "The algorithm " + alg + " does not fit the " + key.getKeyType()
                + (key instanceof ECKey ? " " + ((ECKey) key).getCurve() : key instanceof OctetKeyPair ? " " + ((OctetKeyPair) key).getCurve() : "")
                + " key.");
    }

}
