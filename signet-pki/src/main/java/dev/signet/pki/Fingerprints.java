package dev.signet.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 certificate fingerprints, as lowercase hex without separators (the form {@code step certificate
 * fingerprint} prints and {@code --fingerprint} flags take). Stateless and thread-safe.
 */
public final class Fingerprints {
    private Fingerprints() {}

    /** The SHA-256 of the certificate's DER encoding, lowercase hex. */
    public static String sha256(X509Certificate cert) {
        try {
            return sha256(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of {@code der}, lowercase hex. */
    public static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Normalises a user-typed fingerprint: accepts upper or lower case and {@code :} separators.
     *
     * @throws IllegalArgumentException when it is not 64 hex digits
     */
    public static String normalize(String fingerprint) {
        String s = fingerprint.trim().replace(":", "").toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("\"" + fingerprint + "\" is not a SHA-256 fingerprint (64 hex digits).");
        }
        return s;
    }
}
