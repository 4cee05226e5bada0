package dev.signet.ca.signer;

import dev.signet.ca.config.Claims;
import dev.signet.pki.ExtendedKeyUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * What the registration authority asks the signer to issue: a CSR, the provisioner it came through and that
 * provisioner's effective claims, and optional lifetime requests. Immutable.
 *
 * @param notBefore requested start, or null for now
 * @param notAfter requested end, or null to use {@code lifetime} or the claims' default
 * @param lifetime requested lifetime, or null; ignored when {@code notAfter} is set
 * @param extendedKeyUsages usages to grant; empty means serverAuth + clientAuth
 * @param includeCommonName whether the subject keeps the CSR's CN (by default the subject is empty and names are SANs)
 * @param crlDistributionPoints CRL URLs to embed; may be empty
 */
public record IssuanceRequest(
        PKCS10CertificationRequest csr,
        String provisioner,
        Claims claims,
        Instant notBefore,
        Instant notAfter,
        Duration lifetime,
        Set<ExtendedKeyUsage> extendedKeyUsages,
        boolean includeCommonName,
        List<String> crlDistributionPoints) {

    public IssuanceRequest {
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(provisioner, "provisioner");
        Objects.requireNonNull(claims, "claims");
        extendedKeyUsages = Set.copyOf(extendedKeyUsages);
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
    }

    /** A request with default lifetime, default usages, no CN and no CRL URL. */
    public static IssuanceRequest of(PKCS10CertificationRequest csr, String provisioner, Claims claims) {
        return new IssuanceRequest(csr, provisioner, claims, null, null, null, Set.of(), false, List.of());
    }
}
