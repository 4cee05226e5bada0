package dev.signet.ca.signer;

import dev.signet.pki.Pem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One signed CRL with the forms it is served in: DER ({@code application/pkix-crl}, RFC 5280 §5) and PEM
 * ({@code X509 CRL}, RFC 7468 §6), and the figures it was built with. It holds the DER bytes only, never a parsed
 * CRL (a million entries would be a tree of millions of objects); the PEM is encoded on first request and kept.
 *
 * <p>Immutable and thread-safe; the arrays are never handed out, only copies and read-only buffers.
 */
public final class SignedCrl {
    private final ByteBuffer der;
    private final long number;
    private final Instant thisUpdate;
    private final Instant nextUpdate;
    private final int entries;
    private final Object pemLock = new Object();
    private volatile byte[] pem;

    /**
     * @param der the CRL's DER encoding, its remaining bytes, owned by this object from now on (the encoder's own array,
     *     possibly with unused room after the CRL; see {@code CrlBuilder.encode})
     * @param thisUpdate as encoded in the CRL (whole seconds)
     * @param nextUpdate as encoded in the CRL (whole seconds)
     * @param entries the number of revoked certificates listed
     */
    SignedCrl(ByteBuffer der, long number, Instant thisUpdate, Instant nextUpdate, int entries) {
        this.der = Objects.requireNonNull(der, "der").slice().asReadOnlyBuffer();
        this.number = number;
        this.thisUpdate = Objects.requireNonNull(thisUpdate, "thisUpdate");
        this.nextUpdate = Objects.requireNonNull(nextUpdate, "nextUpdate");
        this.entries = entries;
    }

    /** The CRL number (RFC 5280 §5.2.3). */
    public long number() {
        return number;
    }

    /** The DER encoding (a copy). */
    public byte[] der() {
        byte[] copy = new byte[der.remaining()];
        der.duplicate().get(copy);
        return copy;
    }

    /** The DER encoding as a new read-only buffer over the kept bytes (no copy), positioned at its start. */
    public ByteBuffer derBuffer() {
        return der.duplicate();
    }

    /** The size of the DER encoding in bytes. */
    public int derLength() {
        return der.remaining();
    }

    /** The PEM encoding (a new string each call; see {@link #pemBuffer()}). */
    public String pem() {
        return new String(pemBytes(), StandardCharsets.US_ASCII);
    }

    /** The PEM encoding in US-ASCII as a new read-only buffer over the kept bytes (no copy). */
    public ByteBuffer pemBuffer() {
        return ByteBuffer.wrap(pemBytes()).asReadOnlyBuffer();
    }

    /** thisUpdate as encoded in the CRL (whole seconds). */
    public Instant thisUpdate() {
        return thisUpdate;
    }

    /** nextUpdate as encoded in the CRL (whole seconds). */
    public Instant nextUpdate() {
        return nextUpdate;
    }

    /** The number of revoked certificates listed. */
    public int entries() {
        return entries;
    }

    private byte[] pemBytes() {
        byte[] p = pem;
        if (p == null) {
            synchronized (pemLock) {
                p = pem;
                if (p == null) {
                    p = Pem.encodeCrlAscii(der);
                    pem = p;
                }
            }
        }
        return p;
    }
}
