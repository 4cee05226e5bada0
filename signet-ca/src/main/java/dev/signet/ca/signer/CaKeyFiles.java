package dev.signet.ca.signer;

import dev.signet.pki.Pem;
import dev.signet.pki.PkiException;
import dev.signet.pki.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Reads and writes the CA's certificates and encrypted keys. Keys are PKCS#8 encrypted with the CA password (PBES2,
 * PBKDF2-HMAC-SHA256, AES-256-CBC) and written mode 0400. At start only the intermediate key is decrypted; the root
 * key stays on disk. Stateless.
 */
public final class CaKeyFiles {
    private CaKeyFiles() {}

    /** Writes a CA key encrypted with {@code password}, mode 0400. */
    public static void writeKey(Path file, PrivateKey key, char[] password) {
        SecureFiles.writeAtomically(file, Pem.encodePrivateKey(key, password).getBytes(StandardCharsets.US_ASCII),
                SecureFiles.OWNER_READ_ONLY);
    }

    /** Writes a CA certificate, mode 0644. */
    public static void writeCertificate(Path file, X509Certificate cert) {
        SecureFiles.writeAtomically(file, Pem.encodeCertificate(cert).getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC_READ);
    }

    /**
     * Loads the run-time hierarchy: root and intermediate certificates and the decrypted intermediate key. Checks that
     * the key belongs to the intermediate and that the intermediate is signed by the root.
     *
     * @throws PkiException naming the file at fault, or saying the password is wrong
     */
    public static CaHierarchy load(Path rootCert, Path intermediateCert, Path intermediateKey, char[] password) {
        X509Certificate root = Pem.readCertificate(rootCert);
        X509Certificate intermediate = Pem.readCertificate(intermediateCert);
        PrivateKey key = Pem.readPrivateKey(intermediateKey, password);
        KeyMatch.require(intermediate, key, "The key in " + intermediateKey + " does not belong to the certificate in " + intermediateCert + ".");
        try {
            intermediate.verify(root.getPublicKey());
        } catch (Exception e) {
            throw new PkiException("The intermediate certificate " + intermediateCert + " is not signed by the root " + rootCert + ".", e);
        }
        return new CaHierarchy(root, null, intermediate, key);
    }
}
