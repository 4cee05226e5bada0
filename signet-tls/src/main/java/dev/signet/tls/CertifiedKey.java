package dev.signet.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

/**
 * A certificate chain (leaf first) and the private key of its leaf: what a TLS endpoint presents. The key is
 * re-created on the JDK's own provider (keys parsed by BouncyCastle name themselves "ECDSA", which JSSE does not
 * sign with). Immutable.
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key) {
    public CertifiedKey {
        if (chain == null || chain.isEmpty()) throw new IllegalArgumentException("A certified key needs at least its leaf certificate.");
        chain = List.copyOf(chain);
        key = onJdkProvider(key);
    }

    /**
     * Reads a PEM chain (leaf first) and its unencrypted PEM key, as {@code cert_file}/{@code key_file} name them.
     *
     * @throws dev.signet.pki.PkiException when a file is missing or unreadable, with a sentence naming it
     */
    public static CertifiedKey fromFiles(java.nio.file.Path certFile, java.nio.file.Path keyFile) {
        return new CertifiedKey(dev.signet.pki.Pem.readCertificates(certFile), dev.signet.pki.Pem.readPrivateKey(keyFile, null));
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The JSSE key type of the key: {@code EC}, {@code RSA} or {@code EdDSA}. */
    public String keyType() {
        String a = key.getAlgorithm();
        if (a.equals("Ed25519") || a.equals("EdDSA")) return "EdDSA";
        return a;
    }

    /** {@code key} re-created on the JDK's provider (an {@code EC}, {@code RSA} or {@code EdDSA} key JSSE signs with). */
    public static PrivateKey onJdkProvider(PrivateKey key) {
        String a = key.getAlgorithm();
        String jdk = a.equals("ECDSA") ? "EC" : a.equals("Ed25519") ? "EdDSA" : a;
        if (jdk.equals(a) && key.getClass().getName().startsWith("sun.")) return key;
        try {
            return KeyFactory.getInstance(jdk).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The private key (" + a + ") cannot be used for TLS: " + e.getMessage(), e);
        }
    }
}
