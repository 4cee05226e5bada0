package dev.signet.ca.signer;

import dev.signet.ca.audit.AuditLog;
import dev.signet.ca.config.Claims;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.DuplicateSerialException;
import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.GoDuration;
import dev.signet.pki.SerialNumbers;
import dev.signet.pki.SubjectName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.security.auth.x500.X500Principal;

/**
 * Issues leaf certificates with the intermediate CA key. The only class that signs certificates with a CA key at run
 * time; {@link CrlSigner} signs the CRL.
 *
 * <p>Rules (RFC 5280 profile, step-ca's claims):
 * <ul>
 *   <li>serial: positive, 159 bits, 122 of them random above the issue second ({@link SerialNumbers#timeOrdered}, so
 *       that the stored serials' index grows at its edge); a collision with a stored serial is retried with a new one;</li>
 *   <li>lifetime: the requested one, else the claims' default; it must lie within the claims' min and max;</li>
 *   <li>notBefore: the requested start (or now) backdated one minute; notAfter never past the intermediate's;</li>
 *   <li>subject: empty unless the request asks to keep the CN; names go in the SAN extension;</li>
 *   <li>the certificate is stored (with its audit event) before it is returned: none leaves without a record.</li>
 * </ul>
 *
 * <p>Thread-safe: the CA key is only read; storage and metrics are thread-safe.
 */
public final class Signer {
    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final int SERIAL_ATTEMPTS = 3;
    /** URIs the CA gives only to its own certificates (the admin certificate); no request may ask for one. */
    public static final String RESERVED_URI_PREFIX = "urn:signet:";

    private final CaHierarchy ca;
    private final AuditLog audit;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ConcurrentMap<String, Counter> issuedByProvisioner = new ConcurrentHashMap<>();

    public Signer(CaHierarchy ca, AuditLog audit, Clock clock, MeterRegistry metrics) {
        this.ca = ca;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The chain clients need besides the leaf: the intermediate. */
    public X509Certificate intermediate() {
        return ca.intermediate();
    }

    /** The intermediate's subject key identifier: the authority key identifier of every issued certificate. */
    public byte[] intermediateKeyId() {
        byte[] ext = ca.intermediate().getExtensionValue(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier.getId());
        return org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    /** The root this CA chains to. */
    public X509Certificate root() {
        return ca.root();
    }

    /**
     * Issues a certificate for a request.
     *
     * @throws CaException {@code badCSR}/{@code badPublicKey} for an unacceptable CSR, {@code malformed} for a
     *     lifetime outside the claims, {@code serverInternal} when it cannot be stored
     */
    public IssuedCertificate issue(IssuanceRequest request) {
        return issue(request, CsrValidator.validate(request.csr()));
    }

    /**
     * Issues a certificate for a request whose CSR the caller has already checked with {@link CsrValidator} (so its
     * signature is not verified twice).
     *
     * @param checked {@code CsrValidator.validate(request.csr())}
     */
    public IssuedCertificate issue(IssuanceRequest request, ValidatedCsr checked) {
        return issue(request, checked, (dev.signet.ca.storage.Finalization) null);
    }

    /**
     * Issues a certificate for an ACME order being finalized under {@code completes}: the certificate is stored and
     * the order made valid in one transaction.
     *
     * @throws dev.signet.ca.storage.FinalizationLostException when another instance took the order over meanwhile;
     *     the certificate signed is then discarded, never stored nor returned
     */
    public IssuedCertificate issue(IssuanceRequest request, ValidatedCsr checked, dev.signet.ca.storage.Finalization completes) {
        return issue(checked.publicKey(), checked.names(), request.includeCommonName() ? checked.commonName() : null,
                Terms.of(request), completes);
    }

    /**
     * Issues a certificate for {@code names} instead of the CSR's (the checked CSR still proves possession of the key
     * and passed the key policy): a one-time token decides the names.
     *
     * @param checked {@code CsrValidator.validate(request.csr())}
     */
    public IssuedCertificate issue(IssuanceRequest request, ValidatedCsr checked, List<SubjectName> names) {
        return issue(checked.publicKey(), names, null, Terms.of(request), null);
    }

    /**
     * Renews a certificate this CA issued (step-ca's {@code /renew}): same public key, names and extended key usages,
     * and the same lifetime, starting now (within the claims' maximum and the intermediate's life).
     */
    public IssuedCertificate renew(X509Certificate old, String provisioner, Claims claims, List<String> crlDistributionPoints) {
        List<SubjectName> names = new java.util.ArrayList<>();
        try {
            if (old.getSubjectAlternativeNames() != null) {
                org.bouncycastle.asn1.x509.GeneralNames gns = org.bouncycastle.asn1.x509.GeneralNames.getInstance(
                        org.bouncycastle.asn1.x509.Extensions.getInstance(
                                new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(old).getExtensions().toASN1Primitive())
                                .getExtensionParsedValue(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName));
                for (var g : gns.getNames()) {
                    SubjectName n = SubjectName.fromGeneralName(g);
                    if (n != null) names.add(n);
                }
            }
            java.util.Set<dev.signet.pki.ExtendedKeyUsage> usages = new java.util.HashSet<>();
            if (old.getExtendedKeyUsage() != null) {
                for (String oid : old.getExtendedKeyUsage()) {
                    dev.signet.pki.ExtendedKeyUsage u = dev.signet.pki.ExtendedKeyUsage.ofOid(oid);
                    if (u != null) usages.add(u);
                }
            }
            Duration lifetime = Duration.between(old.getNotBefore().toInstant(), old.getNotAfter().toInstant()).minus(BACKDATE);
            if (lifetime.compareTo(claims.maxTLSCertDuration()) > 0) lifetime = claims.maxTLSCertDuration();
            if (lifetime.compareTo(claims.minTLSCertDuration()) < 0) lifetime = claims.minTLSCertDuration();
            Terms r = new Terms(provisioner, claims, null, null, lifetime, usages, crlDistributionPoints, old.getSerialNumber());
            String cn = null;
            var cns = new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(old).getSubject().getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN);
            if (cns.length == 1) cn = org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(cns[0].getFirst().getValue());
            return issue(old.getPublicKey(), names, cn, r, null);
        } catch (java.security.cert.CertificateException e) {
            throw new CaException(Problem.MALFORMED, "The certificate to renew cannot be read: " + e.getMessage());
        }
    }

    /** What an issuance needs besides the key and the names. */
    private record Terms(String provisioner, Claims claims, Instant notBefore, Instant notAfter, Duration lifetime,
            java.util.Set<dev.signet.pki.ExtendedKeyUsage> extendedKeyUsages, List<String> crlDistributionPoints,
            BigInteger renews) {
        static Terms of(IssuanceRequest r) {
            return new Terms(r.provisioner(), r.claims(), r.notBefore(), r.notAfter(), r.lifetime(), r.extendedKeyUsages(),
                    r.crlDistributionPoints(), null);
        }
    }

    private IssuedCertificate issue(java.security.PublicKey publicKey, List<SubjectName> names, String cn, Terms request,
            dev.signet.ca.storage.Finalization completes) {
        for (SubjectName n : names) {
            if (n.type() == SubjectName.Type.URI && n.value().toLowerCase(java.util.Locale.ROOT).startsWith(RESERVED_URI_PREFIX)) {
                throw new CaException(Problem.REJECTED_IDENTIFIER, "The name " + n.value() + " is reserved for the CA's own certificates.");
            }
        }
        Instant now = clock.instant();
        Instant start = request.notBefore() != null ? request.notBefore() : now;
        Duration lifetime = lifetime(request, start);
        Instant notBefore = start.minus(BACKDATE);
        Instant notAfter = start.plus(lifetime);
        Instant caEnd = ca.intermediate().getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) notAfter = caEnd;
        if (!notAfter.isAfter(now)) {
            throw new CaException(Problem.SERVER_INTERNAL, "The intermediate CA has expired; no certificate can be issued.");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new CaException(Problem.MALFORMED, "The requested start " + start + " lies past the end of the intermediate CA.");
        }
        for (int attempt = 1; ; attempt++) {
            BigInteger serial = SerialNumbers.timeOrdered(now);
            CertificateSpec spec = new CertificateSpec(CertificateSpec.commonName(cn), publicKey, serial, notBefore,
                    notAfter, CertificateProfile.LEAF, names, request.extendedKeyUsages(), request.crlDistributionPoints());
            byte[] leaf = CertificateBuilder.issueDer(spec, ca.intermediate(), ca.intermediateKey());
            try {
                audit.recordIssuance(record(spec, leaf, request.provisioner()), "provisioner:" + request.provisioner(),
                        completes, request.renews());
            } catch (DuplicateSerialException e) {
                if (attempt < SERIAL_ATTEMPTS) continue;
                throw new CaException(Problem.SERVER_INTERNAL, "Could not draw an unused serial number.", e);
            }
            issuedByProvisioner.computeIfAbsent(request.provisioner(), p -> Counter.builder("signet.certificates.issued")
                    .description("Certificates issued").tag("provisioner", p).register(metrics)).increment();
            return new IssuedCertificate(leaf, serial, List.of(ca.intermediate()));
        }
    }

    private static Duration lifetime(Terms r, Instant start) {
        Claims c = r.claims();
        Duration wanted;
        if (r.notAfter() != null) {
            wanted = Duration.between(start, r.notAfter());
            if (wanted.isNegative() || wanted.isZero()) {
                throw new CaException(Problem.MALFORMED, "The requested notAfter " + r.notAfter() + " is not after notBefore " + start + ".");
            }
        } else {
            wanted = r.lifetime() != null ? r.lifetime() : c.defaultTLSCertDuration();
        }
        if (wanted.compareTo(c.minTLSCertDuration()) < 0) {
            throw new CaException(Problem.MALFORMED, "The requested lifetime " + GoDuration.format(wanted)
                    + " is below the provisioner's minimum of " + GoDuration.format(c.minTLSCertDuration()) + ".");
        }
        if (wanted.compareTo(c.maxTLSCertDuration()) > 0) {
            throw new CaException(Problem.MALFORMED, "The requested lifetime " + GoDuration.format(wanted)
                    + " is above the provisioner's maximum of " + GoDuration.format(c.maxTLSCertDuration()) + ".");
        }
        return wanted;
    }

    /**
     * The stored record of a leaf just built from {@code spec}: its times as the certificate holds them (whole seconds,
     * RFC 5280 §4.1.2.5) and its subject in RFC 2253 form, as {@code X509Certificate.getSubjectX500Principal().getName()}
     * gives it, without parsing the certificate back.
     */
    private static CertificateRecord record(CertificateSpec spec, byte[] der, String provisioner) {
        String subject;
        try {
            subject = new X500Principal(spec.subject().getEncoded()).getName();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The subject of a certificate just built could not be encoded.", e);
        }
        return new CertificateRecord(spec.serial(), provisioner, subject,
                spec.subjectAltNames().stream().map(SubjectName::value).toList(), wholeSeconds(spec.notBefore()),
                wholeSeconds(spec.notAfter()), CertificateRecord.Status.VALID, null, null, der);
    }

    private static Instant wholeSeconds(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond());
    }
}
