package dev.signet.ca.ra;

import dev.signet.ca.config.Claims;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.signer.CsrValidator;
import dev.signet.ca.signer.IssuanceRequest;
import dev.signet.ca.signer.IssuedCertificate;
import dev.signet.ca.signer.Signer;
import dev.signet.ca.signer.ValidatedCsr;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.SubjectName;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Node certificates the step-ca way (seed 002): {@code /sign} with a one-time token, {@code /renew} authenticated by
 * the certificate itself over mTLS, {@code /revoke} with a token or over mTLS.
 *
 * <p>Rules: a signed certificate carries exactly the token's names, and the CSR may name no others; a renewal keeps
 * key, names, usages and lifetime; a revoked certificate never renews; an expired one only under the provisioner's
 * {@code allowRenewalAfterExpiry}; {@code disableRenewal} stops renewal. Thread-safe.
 */
public final class NodeCertificates {
    /**
     * RFC 5280 §5.3.1 reason codes a revocation may give: not 7 (unused), 8 (removeFromCRL, for delta CRLs only) or 6
     * (certificateHold, which nothing here could release).
     */
    public static final Set<Integer> REASONS = Set.of(0, 1, 2, 3, 4, 5, 9, 10);

    private final OneTimeTokens tokens;
    private final Signer signer;
    private final Storage storage;
    private final Supplier<Map<String, Claims>> claimsByProvisioner;
    private final List<String> crlDistributionPoints;
    private final Runnable onRevoked;
    private final Clock clock;

    /**
     * @param claimsByProvisioner the effective claims of every provisioner (for renewals of what they issued)
     * @param onRevoked told after every revocation (the CRL publisher)
     */
    public NodeCertificates(OneTimeTokens tokens, Signer signer, Storage storage, Supplier<Map<String, Claims>> claimsByProvisioner,
            List<String> crlDistributionPoints, Runnable onRevoked, Clock clock) {
        this.tokens = tokens;
        this.signer = signer;
        this.storage = storage;
        this.claimsByProvisioner = claimsByProvisioner;
        this.crlDistributionPoints = List.copyOf(crlDistributionPoints);
        this.onRevoked = onRevoked;
        this.clock = clock;
    }

    public OneTimeTokens tokens() {
        return tokens;
    }

    /**
     * {@code POST /sign}: issues a certificate for the token's names.
     *
     * @param audiences the URLs the token may name as {@code aud}
     * @param notBefore requested start or null
     * @param notAfter requested end or null (a token's own {@code naf-cert} wins over neither: the request's is used
     *     first, then the token's)
     */
    public IssuedCertificate sign(byte[] csrDer, String ott, Collection<String> audiences, Instant notBefore, Instant notAfter) {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(csrDer);
        } catch (Exception e) {
            throw new CaException(Problem.BAD_CSR, "The csr is not a PKCS#10 certificate request.");
        }
        ValidatedCsr checked = CsrValidator.validate(csr);
        Instant now = clock.instant();
        // checked before the token is used up, so a mistaken request does not burn it
        if (notBefore != null && (notBefore.isBefore(now.minus(Duration.ofMinutes(5))) || notBefore.isAfter(now.plus(Duration.ofDays(7))))) {
            throw new CaException(Problem.MALFORMED, "The requested notBefore " + notBefore + " is not within 5 minutes ago to 7 days ahead.");
        }
        if (notAfter != null && !notAfter.isAfter(notBefore != null ? notBefore : now)) {
            throw new CaException(Problem.MALFORMED, "The requested notAfter " + notAfter + " is not after the start.");
        }
        VerifiedToken t = tokens.verify(ott, audiences);
        if (t.notAfter() != null && notAfter != null && notAfter.isAfter(t.notAfter())) {
            throw new CaException(Problem.UNAUTHORIZED, "The request asks for a notAfter after the " + t.notAfter() + " its token allows.");
        }
        if (t.notBefore() != null && notBefore != null && notBefore.isBefore(t.notBefore())) {
            throw new CaException(Problem.UNAUTHORIZED, "The request asks for a notBefore before the " + t.notBefore() + " its token allows.");
        }
        List<SubjectName> allowed = new ArrayList<>();
        for (String s : t.sans()) {
            try {
                SubjectName n = SubjectName.parse(s);
                if (!allowed.contains(n)) allowed.add(n);
            } catch (IllegalArgumentException e) {
                throw new CaException(Problem.REJECTED_IDENTIFIER, "The token names \"" + s + "\", which is not a valid name: " + e.getMessage());
            }
        }
        List<String> refused = checked.names().stream().filter(n -> !allowed.contains(n)).map(SubjectName::value).toList();
        if (!refused.isEmpty()) {
            throw new CaException(Problem.BAD_CSR, "The CSR names " + String.join(", ", refused) + ", which the token does not allow.");
        }
        Instant nb = notBefore != null ? notBefore : t.notBefore();
        Instant na = notAfter != null ? notAfter : t.notAfter();
        return signer.issue(new IssuanceRequest(csr, t.provisioner().name(), t.provisioner().claims(), nb, na, null, Set.of(), false,
                crlDistributionPoints), checked, allowed);
    }

    /**
     * {@code POST /renew}: a fresh certificate for the presenting certificate's key and names.
     *
     * @param chain the client's TLS chain, leaf first (the handshake proved possession of the leaf's key)
     */
    public IssuedCertificate renew(X509Certificate[] chain) {
        CertificateRecord record = ownRecord(chain);
        Claims claims = claimsOf(record.provisioner());
        if (claims.renewalDisabled()) {
            throw new CaException(Problem.UNAUTHORIZED, "The provisioner \"" + record.provisioner() + "\" does not allow renewal.");
        }
        if (record.status() == CertificateRecord.Status.REVOKED) {
            throw new CaException(Problem.UNAUTHORIZED, "The certificate " + record.serial() + " is revoked and cannot be renewed.");
        }
        Instant now = clock.instant();
        if (!record.notAfter().isAfter(now) && !claims.renewalAfterExpiryAllowed()) {
            throw new CaException(Problem.UNAUTHORIZED, "The certificate " + record.serial() + " expired at " + record.notAfter()
                    + "; the provisioner does not allow renewal after expiry.");
        }
        if (record.notBefore().isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new CaException(Problem.UNAUTHORIZED, "The certificate " + record.serial() + " is not valid yet.");
        }
        return signer.renew(chain[0], record.provisioner(), claims, crlDistributionPoints);
    }

    /**
     * {@code POST /revoke}: by a token whose subject is the serial, or by the certificate itself over mTLS.
     *
     * @param ott the token, or null when {@code chain} authenticates
     * @param chain the client's TLS chain, or null
     */
    public void revoke(String serialText, int reason, String ott, Collection<String> audiences, X509Certificate[] chain) {
        BigInteger serial;
        try {
            serial = new BigInteger(serialText);
        } catch (NumberFormatException | NullPointerException e) {
            throw new CaException(Problem.MALFORMED, "The serial \"" + serialText + "\" is not a decimal number.");
        }
        if (!REASONS.contains(reason)) {
            throw new CaException(Problem.BAD_REVOCATION_REASON, "The reason code " + reason + " is not an RFC 5280 reason code.");
        }
        String actor;
        if (ott != null && !ott.isBlank()) {
            VerifiedToken t = tokens.verify(ott, audiences);
            if (!t.subject().equals(serial.toString())) {
                throw new CaException(Problem.UNAUTHORIZED, "The token is for " + t.subject() + ", not for serial " + serial + ".");
            }
            String issuedBy = storage.findCertificate(serial).map(CertificateRecord::provisioner).orElse(null);
            if (issuedBy != null && !issuedBy.equals(t.provisioner().name())) {
                throw new CaException(Problem.UNAUTHORIZED, "A token of provisioner \"" + t.provisioner().name()
                        + "\" may revoke only that provisioner's certificates, not one of \"" + issuedBy + "\".");
            }
            actor = "provisioner:" + t.provisioner().name();
        } else if (chain != null && chain.length > 0) {
            CertificateRecord own = ownRecord(chain);
            if (!own.serial().equals(serial)) {
                throw new CaException(Problem.UNAUTHORIZED, "A certificate may revoke only itself over mTLS, not serial " + serial + ".");
            }
            actor = "certificate:" + serial;
        } else {
            throw new CaException(Problem.UNAUTHORIZED, "Revocation needs a one-time token or the certificate itself over mTLS.");
        }
        CertificateRecord record = storage.findCertificate(serial)
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "No certificate has the serial " + serial + "."));
        Instant now = clock.instant();
        if (record.status() == CertificateRecord.Status.REVOKED
                || !storage.revokeCertificate(serial, reason, now, new AuditEvent(now, actor, "certificate.revoke", serial.toString(),
                        "success", "reason=" + reason))) {
            throw new CaException(Problem.ALREADY_REVOKED, "The certificate " + serial + " is already revoked.");
        }
        onRevoked.run();
    }

    private CertificateRecord ownRecord(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            throw new CaException(Problem.UNAUTHORIZED, "The request must be made over mTLS with the certificate to renew.");
        }
        X509Certificate leaf = chain[0];
        CertificateRecord record = storage.findCertificate(leaf.getSerialNumber()).orElse(null);
        try {
            if (record == null || !Arrays.equals(record.der(), leaf.getEncoded())) {
                throw new CaException(Problem.UNAUTHORIZED, "The client certificate was not issued by this CA.");
            }
        } catch (CertificateEncodingException e) {
            throw new CaException(Problem.UNAUTHORIZED, "The client certificate cannot be read.");
        }
        return record;
    }

    /** The claims of the provisioner that issued a certificate; one that no longer exists renews nothing. */
    private Claims claimsOf(String provisioner) {
        Claims c = claimsByProvisioner.get().get(provisioner);
        if (c == null) {
            throw new CaException(Problem.UNAUTHORIZED, "The provisioner \"" + provisioner + "\" of this certificate no longer exists; it cannot renew.");
        }
        return c;
    }
}
