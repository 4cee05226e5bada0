package dev.signet.ca.signer;

import dev.signet.pki.Pem;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Objects;

/**
 * One signed CRL with the forms it is served in: DER ({@code application/pkix-crl}, RFC 5280 §5) and PEM
 * ({@code X509 CRL}, RFC 7468 §6). Immutable; the DER array is never handed out, only copies.
 */
public final class SignedCrl {
    private final X509CRL crl;
    private final long number;
    private final byte[] der;
    private final String pem;

    SignedCrl(X509CRL crl, long number) {
        this.crl = Objects.requireNonNull(crl, "crl");
        this.number = number;
        try {
            this.der = crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException(e);
        }
        this.pem = Pem.encodeCrl(crl);
    }

    public X509CRL crl() {
        return crl;
    }

    /** The CRL number (RFC 5280 §5.2.3). */
    public long number() {
        return number;
    }

    /** The DER encoding (a copy). */
    public byte[] der() {
        return der.clone();
    }

    /** The PEM encoding. */
    public String pem() {
        return pem;
    }

    public Instant thisUpdate() {
        return crl.getThisUpdate().toInstant();
    }

    public Instant nextUpdate() {
        return crl.getNextUpdate().toInstant();
    }

    /** The number of revoked certificates listed. */
    public int entries() {
        return crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    }
}
