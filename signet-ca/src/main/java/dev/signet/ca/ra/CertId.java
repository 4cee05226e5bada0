package dev.signet.ca.ra;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A certificate identifier of RFC 9773 §4.1: base64url(authority key identifier) "." base64url(DER serial number
 * content octets). Immutable.
 */
public record CertId(byte[] authorityKeyId, BigInteger serial) {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /**
     * Parses a certID.
     *
     * @throws CaException {@code malformed} when it is not two base64url parts
     */
    public static CertId parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0 || text.contains("=")) {
            throw new CaException(Problem.MALFORMED, "\"" + text + "\" is not a certificate identifier (base64url AKI, a dot, base64url serial).");
        }
        try {
            byte[] aki = DECODER.decode(text.substring(0, dot));
            byte[] serial = DECODER.decode(text.substring(dot + 1));
            if (aki.length == 0 || serial.length == 0) throw new IllegalArgumentException("empty");
            return new CertId(aki, new BigInteger(serial));
        } catch (IllegalArgumentException e) {
            throw new CaException(Problem.MALFORMED, "\"" + text + "\" is not a certificate identifier (base64url AKI, a dot, base64url serial).");
        }
    }

    /** The certID of an issued certificate. */
    public static CertId of(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        byte[] aki = ext == null ? new byte[0]
                : AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifierOctets();
        return new CertId(aki, cert.getSerialNumber());
    }

    /** Whether the AKI part equals a key identifier. */
    public boolean issuedBy(byte[] keyId) {
        return Arrays.equals(authorityKeyId, keyId);
    }

    @Override
    public String toString() {
        return ENCODER.encodeToString(authorityKeyId) + "." + ENCODER.encodeToString(serial.toByteArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertId && Arrays.equals(authorityKeyId, ((CertId) o).authorityKeyId) && serial.equals(((CertId) o).serial);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(authorityKeyId) + serial.hashCode();
    }
}
