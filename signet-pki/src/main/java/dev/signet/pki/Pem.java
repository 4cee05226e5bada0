package dev.signet.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM (RFC 7468) reading and writing of certificates, certificate requests and private keys. Private keys are written
 * as PKCS#8 (RFC 5958), encrypted with PBES2 (RFC 8018): PBKDF2-HMAC-SHA256 and AES-256-CBC, a format OpenSSL reads.
 * Reading accepts PKCS#8 (plain or encrypted), PKCS#1 RSA and SEC1 EC keys. Certificates may also be DER.
 *
 * <p>Stateless and thread-safe. Every failure is a {@link PkiException} naming the file.
 */
public final class Pem {
    /** PBKDF2 iterations for encrypted keys: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int KDF_ITERATIONS = 600_000;

    private Pem() {}

    // ---- certificates ------------------------------------------------------------------------------------------

    /** Reads every certificate in a PEM or DER file, in file order; fails when there is none. */
    public static List<X509Certificate> readCertificates(Path file) {
        return parseCertificates(SecureFiles.read(file, "certificate"), file.toString());
    }

    /** Reads the first certificate of a PEM or DER file. */
    public static X509Certificate readCertificate(Path file) {
        return readCertificates(file).get(0);
    }

    /** Parses certificates from PEM or DER bytes; {@code source} names them in error messages. */
    public static List<X509Certificate> parseCertificates(byte[] bytes, String source) {
        List<X509Certificate> certs = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            if (text.contains("-----BEGIN")) {
                try (PEMParser parser = new PEMParser(new StringReader(text))) {
                    Object o;
                    while ((o = parser.readObject()) != null) {
                        if (o instanceof X509CertificateHolder) {
                            certs.add(toX509(((X509CertificateHolder) o).getEncoded()));
                        }
                    }
                }
            } else {
                Collection<? extends java.security.cert.Certificate> all =
                        certificateFactory().generateCertificates(new ByteArrayInputStream(bytes));
                for (java.security.cert.Certificate c : all) certs.add((X509Certificate) c);
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new PkiException(source + " is not a valid certificate file: " + SecureFiles.describe(e) + ".", e);
        }
        if (certs.isEmpty()) {
            throw new PkiException(source + " holds no certificate.");
        }
        return certs;
    }

    /** Converts DER bytes to a JDK certificate. */
    public static X509Certificate toX509(byte[] der) {
        try {
            return (X509Certificate) certificateFactory().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new PkiException("The certificate could not be decoded: " + SecureFiles.describe(e) + ".", e);
        }
    }

    /** Encodes certificates as concatenated PEM blocks. */
    public static String encodeCertificates(List<X509Certificate> certs) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certs) out.append(encodeCertificate(c));
        return out.toString();
    }

    /** Encodes one certificate as a PEM block. */
    public static String encodeCertificate(X509Certificate cert) {
        try {
            return block("CERTIFICATE", cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encodes one certificate's DER as a PEM block, without parsing it. */
    public static String encodeCertificate(byte[] der) {
        return block("CERTIFICATE", der);
    }

    /** Encodes a certificate revocation list as a PEM block ({@code X509 CRL}, RFC 7468 §6). */
    public static String encodeCrl(java.security.cert.X509CRL crl) {
        try {
            return block("X509 CRL", crl.getEncoded());
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Encodes a DER certificate revocation list as a PEM block ({@code X509 CRL}, RFC 7468 §6: base64 in lines of 64
     * characters, each ending with a line feed) in US-ASCII bytes, without parsing it or building a string: a CRL of a
     * million entries is 50 MB of DER.
     */
    public static byte[] encodeCrlAscii(byte[] der) {
        return encodeCrlAscii(ByteBuffer.wrap(der));
    }

    /** As {@link #encodeCrlAscii(byte[])}, from the remaining bytes of {@code der} (its position is left as it is). */
    public static byte[] encodeCrlAscii(ByteBuffer der) {
        byte[] head = "-----BEGIN X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\n-----END X509 CRL-----\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encode(der.duplicate());
        byte[] out = new byte[head.length + body.remaining() + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        body.get(out, head.length, body.remaining());
        System.arraycopy(tail, 0, out, out.length - tail.length, tail.length);
        return out;
    }

    // ---- certificate requests ----------------------------------------------------------------------------------

    /** Reads a PKCS#10 request (PEM or DER). */
    public static PKCS10CertificationRequest readCsr(byte[] bytes, String source) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        try {
            if (text.contains("-----BEGIN")) {
                try (PEMParser parser = new PEMParser(new StringReader(text))) {
                    Object o = parser.readObject();
                    if (o instanceof PKCS10CertificationRequest) return (PKCS10CertificationRequest) o;
                    throw new PkiException(source + " does not hold a certificate request.");
                }
            }
            return new PKCS10CertificationRequest(bytes);
        } catch (IOException | RuntimeException e) {
            if (e instanceof PkiException) throw (PkiException) e;
            throw new PkiException(source + " is not a valid certificate request: " + SecureFiles.describe(e) + ".", e);
        }
    }

    /** Encodes a certificate request as PEM. */
    public static String encodeCsr(PKCS10CertificationRequest csr) {
        try {
            return block("CERTIFICATE REQUEST", csr.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key converter for the JDK's providers. BouncyCastle's converter asks for an "ECDSA" key factory first, which
     * only BouncyCastle's provider has: each EC key then cost a failed provider search and an exception before its
     * "EC" retry. This one asks for "EC" directly.
     */
    public static JcaPEMKeyConverter keyConverter() {
        return new JcaPEMKeyConverter().setAlgorithmMapping(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, "EC");
    }

    // ---- private keys ------------------------------------------------------------------------------------------

    /** Reads a private key file; {@code password} may be null for unencrypted keys. */
    public static PrivateKey readPrivateKey(Path file, char[] password) {
        return parsePrivateKey(SecureFiles.read(file, "key"), file.toString(), password);
    }

    /** Parses a PEM private key; {@code source} names it in messages. */
    public static PrivateKey parsePrivateKey(byte[] bytes, String source, char[] password) {
        JcaPEMKeyConverter converter = keyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    requirePassword(password, source);
                    PrivateKeyInfo info = ((PKCS8EncryptedPrivateKeyInfo) o).decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Crypto.BC).build(password));
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMEncryptedKeyPair) {
                    requirePassword(password, source);
                    return converter.getKeyPair(((PEMEncryptedKeyPair) o)
                            .decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Crypto.BC).build(password))).getPrivate();
                }
                if (o instanceof PEMKeyPair) return converter.getKeyPair((PEMKeyPair) o).getPrivate();
                if (o instanceof PrivateKeyInfo) return converter.getPrivateKey((PrivateKeyInfo) o);
            }
        } catch (PKCSException | org.bouncycastle.openssl.EncryptionException e) {
            throw new PkiException("The password does not decrypt the key in " + source + ".", e);
        } catch (PEMException e) {
            if (e.getCause() instanceof org.bouncycastle.openssl.EncryptionException) {
                throw new PkiException("The password does not decrypt the key in " + source + ".", e);
            }
            throw new PkiException(source + " is not a valid private key file: " + SecureFiles.describe(e) + ".", e);
        } catch (IOException | OperatorCreationException | RuntimeException e) {
            if (e instanceof PkiException) throw (PkiException) e;
            throw new PkiException(source + " is not a valid private key file: " + SecureFiles.describe(e) + ".", e);
        }
        throw new PkiException(source + " holds no private key.");
    }

    /**
     * Encodes a private key as PKCS#8 PEM, encrypted with PBES2 (PBKDF2-HMAC-SHA256, {@link #KDF_ITERATIONS}
     * iterations, AES-256-CBC) when a password is given, in the clear when it is null.
     */
    public static String encodePrivateKey(PrivateKey key, char[] password) {
        try {
            OutputEncryptor encryptor = null;
            if (password != null) {
                encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(Crypto.BC)
                        .setRandom(Crypto.RANDOM)
                        .setPRF(PKCS8Generator.PRF_HMACSHA256)
                        .setIterationCount(KDF_ITERATIONS)
                        .setPassword(password)
                        .build();
            }
            PemObject pem = new JcaPKCS8Generator(key, encryptor).generate();
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(pem);
            }
            return out.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("The private key could not be encoded.", e);
        }
    }

    /** Whether a PEM key file's bytes are encrypted (so a password must be supplied). */
    public static boolean isEncryptedKey(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED");
    }

    private static void requirePassword(char[] password, String source) {
        if (password == null) {
            throw new PkiException("The key in " + source + " is encrypted; give its password (--password-file).");
        }
    }

    private static String block(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    private static CertificateFactory certificateFactory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
