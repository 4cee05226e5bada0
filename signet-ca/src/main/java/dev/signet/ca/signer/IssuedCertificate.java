package dev.signet.ca.signer;

import dev.signet.pki.Pem;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A newly issued leaf and the chain to send with it (leaf, then the chain above it). The leaf is kept as the DER the
 * signer wrote and parsed into an {@link X509Certificate} only when a caller asks for one: most callers only need its
 * serial or its bytes. Immutable and thread-safe (the parse is idempotent, so a race at worst parses twice).
 */
public final class IssuedCertificate {
    private final byte[] der;
    private final BigInteger serial;
    private final List<X509Certificate> above;
    private volatile X509Certificate leaf;

    /**
     * @param der the leaf's DER, not copied: the caller hands it over
     * @param serial the leaf's serial number
     * @param above the certificates above the leaf, nearest first (the intermediate)
     */
    public IssuedCertificate(byte[] der, BigInteger serial, List<X509Certificate> above) {
        this.der = Objects.requireNonNull(der, "der");
        this.serial = Objects.requireNonNull(serial, "serial");
        this.above = List.copyOf(above);
    }

    /** The leaf's serial number. */
    public BigInteger serial() {
        return serial;
    }

    /** The leaf followed by the certificates above it, each a PEM block; the leaf's made from its DER, unparsed. */
    public List<String> pemChain() {
        return Stream.concat(Stream.of(Pem.encodeCertificate(der)), above.stream().map(Pem::encodeCertificate)).toList();
    }

    /** The leaf, parsed on first use. */
    public X509Certificate leaf() {
        X509Certificate parsed = leaf;
        if (parsed == null) {
            parsed = Pem.toX509(der);
            leaf = parsed;
        }
        return parsed;
    }

    /** The leaf followed by the certificates above it. */
    public List<X509Certificate> chain() {
        return Stream.concat(Stream.of(leaf()), above.stream()).toList();
    }
}
