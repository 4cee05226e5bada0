package dev.signet.ca.signer;

import dev.signet.pki.SubjectName;
import java.security.PublicKey;
import java.util.List;

/**
 * A certificate request that passed {@link CsrValidator}: its key and its names (SANs, plus the subject CN when it is
 * a valid DNS name or IP). Immutable.
 *
 * @param commonName the subject CN as requested, or null
 */
public record ValidatedCsr(PublicKey publicKey, List<SubjectName> names, String commonName) {
    public ValidatedCsr {
        names = List.copyOf(names);
    }
}
