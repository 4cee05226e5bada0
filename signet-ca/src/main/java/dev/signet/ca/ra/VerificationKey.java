package dev.signet.ca.ra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.pki.EcDomains;
import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A JWS public key parsed once and ready to verify signatures (RFC 7515 §5.2) with the algorithms of RFC 7518 §3.3–3.4
 * and RFC 8037 §3.1: RS256 (RSA of at least 2048 bits), ES256/ES384/ES512 on the matching NIST curve, EdDSA with
 * Ed25519. ACME requests and one-time tokens alike are checked with it.
 *
 * <p>ECDSA and Ed25519 run on BouncyCastle's low-level API, several times faster than the JDK's provider here. An EC
 * key keeps its decoded point, on which BouncyCastle caches the multiplication tables it builds while verifying; a
 * key held for an account's many requests (see the front end's account-key cache) therefore verifies faster from the
 * second request on.
 *
 * <p>Immutable and thread-safe: BouncyCastle's point tables are built under its own lock; every verification uses its
 * own signer and digest.
 */
public final class VerificationKey {
    /** The algorithms accepted. */
    public static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "ES384", "ES512", "EdDSA");

    private final JWK jwk;
    private final ECPublicKeyParameters ec;
    private final Ed25519PublicKeyParameters ed25519;
    private final RSASSAVerifier rsa;
    private final int weakRsaBits;

    private VerificationKey(JWK jwk, ECPublicKeyParameters ec, Ed25519PublicKeyParameters ed25519, RSASSAVerifier rsa,
            int weakRsaBits) {
        this.jwk = jwk;
        this.ec = ec;
        this.ed25519 = ed25519;
        this.rsa = rsa;
        this.weakRsaBits = weakRsaBits;
    }

    /**
     * Prepares a public key. A key no accepted algorithm fits (an X25519 key, an EC key on another curve) is kept and
     * refused by {@link #verify} with {@code badSignatureAlgorithm}, as is an RSA key under 2048 bits with
     * {@code badPublicKey}.
     *
     * @throws CaException {@code badPublicKey} for an Ed25519 key of the wrong length or an EC point off its curve
     */
    public static VerificationKey of(JWK key) {
        if (key instanceof RSAKey) {
            RSAKey r = (RSAKey) key;
            if (r.size() < 2048) return new VerificationKey(key, null, null, null, r.size());
            try {
                return new VerificationKey(key, null, null, new RSASSAVerifier(r), 0);
            } catch (JOSEException e) {
                throw new CaException(Problem.BAD_PUBLIC_KEY, "The RSA key cannot be used: " + e.getMessage());
            }
        }
        if (key instanceof ECKey) {
            ECKey e = (ECKey) key;
            ECDomainParameters domain = domainOf(e.getCurve());
            if (domain == null) return new VerificationKey(key, null, null, null, 0);
            try {
                var point = domain.getCurve().validatePoint(e.getX().decodeToBigInteger(), e.getY().decodeToBigInteger());
                return new VerificationKey(key, new ECPublicKeyParameters(point, domain), null, null, 0);
            } catch (IllegalArgumentException ex) {
                throw new CaException(Problem.BAD_PUBLIC_KEY, "The EC key's point is not on the curve " + e.getCurve() + ".");
            }
        }
        if (key instanceof OctetKeyPair && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
            byte[] x = ((OctetKeyPair) key).getX().decode();
            if (x.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                throw new CaException(Problem.BAD_PUBLIC_KEY, "The Ed25519 key has " + x.length + " bytes instead of 32.");
            }
            return new VerificationKey(key, null, new Ed25519PublicKeyParameters(x, 0), null, 0);
        }
        return new VerificationKey(key, null, null, null, 0);
    }

    /** The key as parsed. */
    public JWK jwk() {
        return jwk;
    }

    /**
     * Verifies {@code signature} (the decoded JWS signature) over {@code input} (the JWS signing input).
     *
     * @throws CaException {@code badSignatureAlgorithm} when the algorithm is not accepted or does not fit the key,
     *     {@code badPublicKey} for RS256 with an RSA key under 2048 bits, {@code malformed} (an authentication failure)
     *     when the signature does not verify
     */
    public void verify(String alg, byte[] input, byte[] signature) {
        if (!ALGORITHMS.contains(alg)) {
            throw new CaException(Problem.BAD_SIGNATURE_ALGORITHM, "The algorithm \"" + alg + "\" is not accepted; use RS256, ES256, ES384, ES512 or EdDSA.");
        }
        boolean valid;
        switch (alg) {
            case "EdDSA":
                if (ed25519 == null) throw mismatch(alg);
                Ed25519Signer v = new Ed25519Signer();
                v.init(false, ed25519);
                v.update(input, 0, input.length);
                valid = v.verifySignature(signature);
                break;
            case "ES256":
                valid = ecdsa(alg, EcDomains.P256, new SHA256Digest(), input, signature);
                break;
            case "ES384":
                valid = ecdsa(alg, EcDomains.P384, new SHA384Digest(), input, signature);
                break;
            case "ES512":
                valid = ecdsa(alg, EcDomains.P521, new SHA512Digest(), input, signature);
                break;
            default: // RS256
                if (weakRsaBits > 0) {
                    throw new CaException(Problem.BAD_PUBLIC_KEY, "The RSA key has " + weakRsaBits + " bits; at least 2048 are required.");
                }
                if (rsa == null) throw mismatch(alg);
                try {
                    valid = rsa.verify(new JWSHeader(JWSAlgorithm.RS256), input, Base64URL.encode(signature));
                } catch (JOSEException | RuntimeException e) {
                    valid = false;
                }
        }
        if (!valid) throw new CaException(Problem.MALFORMED, "The JWS signature does not verify.").asAuthenticationFailure();
    }

    /** RFC 7518 §3.4: the signature is R and S, each as long as the curve's order, big-endian. */
    private boolean ecdsa(String alg, ECDomainParameters domain, Digest digest, byte[] input, byte[] signature) {
        if (ec == null || ec.getParameters() != domain) throw mismatch(alg);
        int half = (domain.getN().bitLength() + 7) / 8;
        if (signature.length != 2 * half) return false;
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, half));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, half, 2 * half));
        byte[] hash = new byte[digest.getDigestSize()];
        digest.update(input, 0, input.length);
        digest.doFinal(hash, 0);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, ec);
        return verifier.verifySignature(hash, r, s); // rejects r or s outside [1, n-1]
    }

    private CaException mismatch(String alg) {
        return new CaException(Problem.BAD_SIGNATURE_ALGORITHM, "The algorithm " + alg + " does not fit the " + jwk.getKeyType()
                + (jwk instanceof ECKey ? " " + ((ECKey) jwk).getCurve() : jwk instanceof OctetKeyPair ? " " + ((OctetKeyPair) jwk).getCurve() : "")
                + " key.");
    }

    private static ECDomainParameters domainOf(Curve curve) {
        if (Curve.P_256.equals(curve)) return EcDomains.P256;
        if (Curve.P_384.equals(curve)) return EcDomains.P384;
        if (Curve.P_521.equals(curve)) return EcDomains.P521;
        return null;
    }
}
