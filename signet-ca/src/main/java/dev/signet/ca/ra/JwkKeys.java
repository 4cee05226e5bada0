package dev.signet.ca.ra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Compares a JSON Web Key (RFC 7517) with a Java public key. Stateless and thread-safe. */
final class JwkKeys {
    private JwkKeys() {}

    /** Whether {@code jwk} and {@code key} are the same public key (RSA, EC or Ed25519); false when unsure. */
    static boolean same(JWK jwk, PublicKey key) {
        try {
            if (jwk instanceof OctetKeyPair) {
                byte[] raw = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
                return Arrays.equals(raw, ((OctetKeyPair) jwk).getX().decode());
            }
            if (jwk instanceof RSAKey) return Arrays.equals(((RSAKey) jwk).toPublicKey().getEncoded(), key.getEncoded());
            if (jwk instanceof ECKey) return Arrays.equals(((ECKey) jwk).toPublicKey().getEncoded(), key.getEncoded());
            return false;
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }
}
