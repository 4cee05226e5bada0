package dev.signet.ca.signer;

import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.Crypto;
import dev.signet.pki.PkiException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Checks that a private key belongs to a certificate by signing a probe and verifying it. Stateless. */
final class KeyMatch {
    private KeyMatch() {}

    static void require(X509Certificate cert, PrivateKey key, String message) {
        try {
            String alg = CertificateBuilder.signatureAlgorithm(cert.getPublicKey());
            byte[] probe = "signet key match probe".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg, Crypto.BC);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg, Crypto.BC);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) throw new PkiException(message);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof PkiException) throw (PkiException) e;
            throw new PkiException(message, e);
        }
    }
}
