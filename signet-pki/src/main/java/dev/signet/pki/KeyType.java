package dev.signet.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The key types Signet generates and accepts, with the signature algorithm each one signs with.
 *
 * <p>Immutable; {@link #generate()} is thread-safe.
 */
public enum KeyType {
    EC_P256("EC", "P-256", 256, "SHA256withECDSA"),
    EC_P384("EC", "P-384", 384, "SHA384withECDSA"),
    RSA_2048("RSA", null, 2048, "SHA256withRSA"),
    RSA_3072("RSA", null, 3072, "SHA256withRSA"),
    RSA_4096("RSA", null, 4096, "SHA256withRSA"),
    ED25519("Ed25519", null, 255, "Ed25519");

    private final String family;
    private final String curve;
    private final int bits;
    private final String signatureAlgorithm;

    KeyType(String family, String curve, int bits, String signatureAlgorithm) {
        this.family = family;
        this.curve = curve;
        this.bits = bits;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** {@code EC}, {@code RSA} or {@code Ed25519}. */
    public String family() {
        return family;
    }

    public int bits() {
        return bits;
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a fresh key pair with the JDK provider. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(family);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve.equals("P-256") ? "secp256r1" : "secp384r1"), Crypto.RANDOM);
            } else if (family.equals("RSA")) {
                generator.initialize(bits, Crypto.RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot generate " + this + " keys.", e);
        }
    }

    /** A short human name: {@code EC P-256}, {@code RSA 3072}, {@code Ed25519}. */
    public String displayName() {
        return curve != null ? "EC " + curve : family.equals("RSA") ? "RSA " + bits : family;
    }

    /**
     * Reads the names users type: {@code EC}/{@code P-256}/{@code p256}, {@code P-384}, {@code RSA} (3072),
     * {@code RSA-2048}/{@code rsa3072}/{@code RSA 4096}, {@code Ed25519}/{@code OKP}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static KeyType parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "");
        switch (s) {
            case "EC": case "P256": case "ECP256": case "ECDSA": return EC_P256;
            case "P384": case "ECP384": return EC_P384;
            case "RSA": case "RSA3072": return RSA_3072;
            case "RSA2048": return RSA_2048;
            case "RSA4096": return RSA_4096;
            case "ED25519": case "OKP": case "OKPED25519": return ED25519;
            default:
                throw new IllegalArgumentException("\"" + text
                        + "\" is not a key type; use one of EC P-256, P-384, RSA-2048, RSA-3072, RSA-4096, Ed25519.");
        }
    }

    /**
     * Classifies a public key, or returns {@code null} for keys Signet does not accept (RSA below 2048 bits, RSA above
     * 8192 bits, EC curves other than P-256 and P-384).
     */
    public static KeyType of(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            int n = ((RSAPublicKey) key).getModulus().bitLength();
            if (n < 2048 || n > 8192) return null;
            return n <= 2048 ? RSA_2048 : n <= 3072 ? RSA_3072 : RSA_4096;
        }
        if (key instanceof ECPublicKey) {
            int field = ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize();
            String oid = ecCurveOid(key);
            if (field == 256 && "1.2.840.10045.3.1.7".equals(oid)) return EC_P256;
            if (field == 384 && "1.3.132.0.34".equals(oid)) return EC_P384;
            return null;
        }
        String alg = key.getAlgorithm();
        if (alg.equals("Ed25519") || alg.equals("EdDSA") && key.getEncoded().length == 44) {
            return ED25519;
        }
        return null;
    }

    /** Describes any public key for messages and inspection: {@code EC P-256}, {@code RSA 1024}, {@code Ed448}. */
    public static String describe(PublicKey key) {
        KeyType known = of(key);
        if (known != null && !known.family.equals("RSA")) return known.displayName();
        if (key instanceof RSAPublicKey) return "RSA " + ((RSAPublicKey) key).getModulus().bitLength();
        if (key instanceof java.security.interfaces.EdECKey) {
            return ((java.security.interfaces.EdECKey) key).getParams().getName();
        }
        if (key instanceof ECPublicKey) {
            String oid = ecCurveOid(key);
            return "EC " + (oid == null ? ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() + "-bit curve" : "curve " + oid);
        }
        return key.getAlgorithm();
    }

    private static String ecCurveOid(PublicKey key) {
        try {
            var info = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded());
            var params = info.getAlgorithm().getParameters();
            return params instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier ? params.toString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
