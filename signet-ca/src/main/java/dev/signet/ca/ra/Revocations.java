package dev.signet.ca.ra;

import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.Pem;
import dev.signet.pki.SubjectName;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * revokeCert (RFC 8555 §7.6): a certificate this CA issued is revoked when the request is signed by the account that
 * ordered it, by an account holding valid authorizations for all its names, or by the certificate's own key. Reason
 * codes are those of RFC 5280 §5.3.1 a subscriber may give (Boulder's set): unspecified, keyCompromise,
 * affiliationChanged, superseded, cessationOfOperation. A second revocation is {@code alreadyRevoked}.
 *
 * <p>Thread-safe: the change is a compare-and-set in storage.
 */
public final class Revocations {
    /** Reason codes a subscriber may give. */
    public static final Set<Integer> ALLOWED_REASONS = Set.of(0, 1, 3, 4, 5);

    private final Storage storage;
    private final Clock clock;
    private final Runnable onRevoked;

    public Revocations(Storage storage, Clock clock) {
        this(storage, clock, () -> {});
    }

    /**
     * @param onRevoked run after each revocation is stored, before the request is answered (the CRL publisher's
     *     {@code revoked()}, so that the next CRL fetch lists the certificate); it must not throw
     */
    public Revocations(Storage storage, Clock clock, Runnable onRevoked) {
        this.storage = storage;
        this.clock = clock;
        this.onRevoked = onRevoked;
    }

    /**
     * Revokes a certificate.
     *
     * @param account the requesting account (kid-signed request), or null
     * @param certificateKey the JWK that signed a jwk-signed request, or null
     */
    public void revoke(AcmeProvisioner p, byte[] certificateDer, Integer reason, AcmeAccount account, JWK certificateKey) {
        X509Certificate cert;
        try {
            cert = Pem.toX509(certificateDer);
        } catch (RuntimeException e) {
            throw new CaException(Problem.MALFORMED, "The certificate to revoke is not a DER-encoded X.509 certificate.");
        }
        CertificateRecord record = storage.findCertificate(cert.getSerialNumber())
                .filter(r -> Arrays.equals(r.der(), certificateDer))
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "The certificate to revoke was not issued by this CA."));
        int code = reason == null ? 0 : reason;
        if (!ALLOWED_REASONS.contains(code)) {
            throw new CaException(Problem.BAD_REVOCATION_REASON, "The revocation reason " + code
                    + " is not allowed; use 0 (unspecified), 1 (keyCompromise), 3 (affiliationChanged), 4 (superseded) or 5 (cessationOfOperation).");
        }
        String actor;
        if (account != null) {
            if (!mayRevoke(account, record)) {
                throw new CaException(Problem.UNAUTHORIZED, "The account " + account.id()
                        + " neither ordered this certificate nor holds valid authorizations for all its names.");
            }
            actor = "acme-account:" + account.id();
        } else {
            if (certificateKey == null || !JwkKeys.same(certificateKey, cert.getPublicKey())) {
                throw new CaException(Problem.UNAUTHORIZED, "The request is not signed by the certificate's key.");
            }
            actor = "certificate-key";
        }
        if (record.status() == CertificateRecord.Status.REVOKED) {
            throw new CaException(Problem.ALREADY_REVOKED, "The certificate " + record.serial().toString(16) + " is already revoked.");
        }
        Instant now = clock.instant();
        if (!storage.revokeCertificate(record.serial(), code, now, new AuditEvent(now, actor + "@" + p.name(),
                "certificate.revoke", record.serial().toString(), "success", "reason=" + code))) {
            throw new CaException(Problem.ALREADY_REVOKED, "The certificate " + record.serial().toString(16) + " is already revoked.");
        }
        onRevoked.run();
    }

    private boolean mayRevoke(AcmeAccount account, CertificateRecord record) {
        boolean owner = storage.findOrderByCertificate(record.serial()).map(o -> o.accountId().equals(account.id())).orElse(false);
        if (owner) return true;
        Instant now = clock.instant();
        for (String name : record.sans()) {
            SubjectName n = SubjectName.parse(name);
            boolean wildcard = n.value().startsWith("*.");
            String value = wildcard ? n.value().substring(2) : n.value();
            String type = n.type() == SubjectName.Type.IP ? "ip" : n.type() == SubjectName.Type.DNS ? "dns" : null;
            if (type == null || !storage.hasValidAuthorization(account.id(), new AcmeIdentifier(type, value), wildcard, now)) return false;
        }
        return !record.sans().isEmpty();
    }
}
