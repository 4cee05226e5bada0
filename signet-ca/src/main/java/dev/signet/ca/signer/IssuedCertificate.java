package dev.signet.ca.signer;

import java.security.cert.X509Certificate;
import java.util.List;

/** A newly issued leaf and the chain to send with it (leaf, intermediate). Immutable. */
public record IssuedCertificate(X509Certificate leaf, List<X509Certificate> chain) {
    public IssuedCertificate {
        chain = List.copyOf(chain);
    }
}
