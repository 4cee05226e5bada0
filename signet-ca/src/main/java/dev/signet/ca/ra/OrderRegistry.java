package dev.signet.ca.ra;

import dev.signet.ca.config.Claims;
import dev.signet.ca.config.ProfileConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.error.ProblemDetail;
import dev.signet.ca.signer.CsrValidator;
import dev.signet.ca.signer.IssuanceRequest;
import dev.signet.ca.signer.IssuedCertificate;
import dev.signet.ca.signer.Signer;
import dev.signet.ca.signer.ValidatedCsr;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeAuthorization;
import dev.signet.ca.storage.AcmeChallenge;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.ca.storage.AcmeOrder;
import dev.signet.ca.storage.Finalization;
import dev.signet.ca.storage.FinalizationLostException;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.GoDuration;
import dev.signet.pki.SubjectName;
import dev.signet.pki.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACME orders (RFC 8555 §7.1.3, §7.4): creation with identifier, lifetime, profile and replacement checks, the status
 * machine pending → ready → processing → valid (or invalid), listing, and finalization through the signer.
 *
 * <p>Order status is derived from the authorizations when the order is read ({@link #refresh}) and stored with
 * compare-and-set, so concurrent readers and several instances agree. Thread-safe.
 *
 * <p>Several instances: finalization holds the order for a lease ({@link Finalization}), and the certificate is stored
 * in the same transaction that makes the order valid. When the instance finalizing an order dies, the order stays
 * processing until its lease lapses; then the next instance that reads it (a client polling, or
 * {@link #resumeLapsedFinalizations}) takes it over and issues from the stored CSR, or fails it cleanly. An order
 * yields at most one stored certificate.
 */
public final class OrderRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(OrderRegistry.class);
    /** How long a new order (and its authorizations) may stay unfinished. */
    public static final Duration ORDER_LIFETIME = Duration.ofHours(24);
    /** How far in the past a requested notBefore may lie (clients' clocks differ). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Storage storage;
    private final Signer signer;
    private final AuthorizationRegistry authorizations;
    private final RateLimiter limits;
    private final Function<String, AcmeProvisioner> provisioners;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param provisioners the ACME provisioner in force by name (null when there is none), to finish orders that
     *     another instance started
     * @param lease how long a finalization holds its order before another instance may take it over
     */
    public OrderRegistry(Storage storage, Signer signer, AuthorizationRegistry authorizations, RateLimiter limits,
            Function<String, AcmeProvisioner> provisioners, Duration lease, Clock clock) {
        this.storage = storage;
        this.signer = signer;
        this.authorizations = authorizations;
        this.limits = limits;
        this.provisioners = provisioners;
        this.lease = lease;
        this.clock = clock;
    }

    /** newOrder (§7.4): checks the request and stores the order with one pending authorization per identifier. */
    public AcmeOrder create(AcmeProvisioner p, AcmeAccount account, NewOrderRequest r) {
        List<OrderIdentifier> ids = IdentifierPolicy.check(r.identifiers());
        String profile = r.profile() != null ? r.profile() : p.defaultProfile();
        if (profile != null && !p.profiles().containsKey(profile)) {
            throw new CaException(Problem.INVALID_PROFILE, "The profile \"" + profile + "\" is not offered by the provisioner \""
                    + p.name() + "\"" + (p.profiles().isEmpty() ? ", which has none." : "; it offers " + String.join(", ", p.profiles().keySet()) + "."));
        }
        Instant now = clock.instant();
        checkValidity(p.claims(), profile == null ? null : p.profiles().get(profile), r.notBefore(), r.notAfter(), now);
        String replaces = r.replaces() == null ? null : checkReplacement(account, r.replaces(), ids, now);
        limits.checkNewOrder(p, account);
        String orderId = AcmeIds.newId(now);
        Instant expires = now.plus(ORDER_LIFETIME);
        List<AcmeAuthorization> authzs = new ArrayList<>();
        for (OrderIdentifier id : ids) authzs.add(authorizations.newAuthorization(account, orderId, id, expires));
        AcmeOrder order = new AcmeOrder(orderId, account.id(), p.name(), AcmeOrder.Status.PENDING, expires,
                ids.stream().map(OrderIdentifier::asOrdered).toList(), r.notBefore(), r.notAfter(), profile, replaces, null, null,
                authzs.stream().map(AcmeAuthorization::id).toList(), now);
        if (!storage.insertOrder(order, authzs)) {
            throw new CaException(Problem.ALREADY_REPLACED, "The certificate " + r.replaces() + " is already being replaced by another order.");
        }
        return order;
    }

    /**
     * Finds an order the account owns and brings its status up to date.
     *
     * @throws CaException {@code notFound} when it does not exist, {@code unauthorized} when another account owns it
     */
    public AcmeOrder find(AcmeAccount account, String orderId) {
        AcmeOrder o = storage.findOrder(orderId).filter(x -> x.provisioner().equals(account.provisioner()))
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "The order " + orderId + " does not exist."));
        if (!o.accountId().equals(account.id())) {
            throw new CaException(Problem.UNAUTHORIZED, "The order " + orderId + " belongs to another account.");
        }
        return refresh(o);
    }

    /**
     * The certificate an order of this account issued, with the intermediate after it (RFC 8555 §7.4.2).
     *
     * @throws CaException {@code notFound} when there is no such certificate from ACME, {@code unauthorized} when
     *     another account ordered it
     */
    public List<X509Certificate> certificateChain(AcmeAccount account, BigInteger serial) {
        AcmeOrder o = storage.findOrderByCertificate(serial).filter(x -> x.provisioner().equals(account.provisioner()))
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "The certificate " + serial.toString(16) + " does not exist."));
        if (!o.accountId().equals(account.id())) {
            throw new CaException(Problem.UNAUTHORIZED, "The certificate " + serial.toString(16) + " belongs to another account.");
        }
        var record = storage.findCertificate(serial)
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "The certificate " + serial.toString(16) + " does not exist."));
        return List.of(Pem.toX509(record.der()), signer.intermediate());
    }

    /** One page of the account's order ids (§7.1.2.1), oldest first. */
    public List<String> list(AcmeAccount account, String afterId, int limit) {
        return storage.orderIdsOfAccount(account.id(), afterId, limit);
    }

    /**
     * Derives a pending or ready order's status from the clock and its authorizations (§7.1.6): expired → invalid;
     * an invalid, deactivated or expired authorization → invalid (a ready order too); all valid → ready.
     */
    public AcmeOrder refresh(AcmeOrder o) {
        if (o.status() == AcmeOrder.Status.PROCESSING) return resumeIfLapsed(o);
        if (o.status() != AcmeOrder.Status.PENDING && o.status() != AcmeOrder.Status.READY) return o;
        Instant now = clock.instant();
        if (!o.expiresAt().isAfter(now)) {
            return move(o, AcmeOrder.Status.INVALID, new ProblemDetail(Problem.MALFORMED, "The order expired at " + o.expiresAt() + "."));
        }
        // a ready order is checked again too: an authorization deactivated (or revoked) after it became ready ends it
        boolean allValid = true;
        for (String authzId : o.authorizationIds()) {
            AcmeAuthorization a = authorizations.refresh(storage.findAuthorization(authzId).orElseThrow(
                    () -> new CaException(Problem.SERVER_INTERNAL, "The order " + o.id() + " lists a missing authorization " + authzId + ".")));
            switch (a.status()) {
                case VALID:
                    break;
                case PENDING:
                    allValid = false;
                    break;
                default:
                    return move(o, AcmeOrder.Status.INVALID, failureOf(a));
            }
        }
        return allValid && o.status() == AcmeOrder.Status.PENDING ? move(o, AcmeOrder.Status.READY, null) : o;
    }

    /**
     * finalize (§7.4): checks the CSR against the order, moves it to processing, issues and stores the certificate,
     * and returns the valid order.
     *
     * @throws CaException {@code orderNotReady} unless the order is ready; {@code badCSR} when the CSR does not name
     *     exactly the order's identifiers; the signer's problems for an unacceptable key
     */
    public AcmeOrder finalizeOrder(AcmeProvisioner p, AcmeAccount account, String orderId, byte[] csrDer) {
        AcmeOrder o = find(account, orderId);
        if (o.status() != AcmeOrder.Status.READY) {
            throw new CaException(Problem.ORDER_NOT_READY, "The order " + orderId + " is " + o.status().name().toLowerCase()
                    + "; only a ready order can be finalized.");
        }
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(csrDer);
        } catch (IOException | RuntimeException e) {
            throw new CaException(Problem.BAD_CSR, "The finalize request's csr is not a DER-encoded PKCS#10 request.");
        }
        ValidatedCsr checked = CsrValidator.validate(csr);
        checkNames(o, checked);
        if (JwkKeys.same(accountKey(account), checked.publicKey())) {
            // RFC 8555 §11.1: the certificate key must not be the account key
            throw new CaException(Problem.BAD_CSR, "The CSR's key is the account key; certify a key of its own.");
        }
        Finalization hold = new Finalization(o.id(), AcmeIds.newToken(), clock.instant().plus(lease), csrDer);
        if (!storage.startFinalization(hold)) {
            throw new CaException(Problem.ORDER_NOT_READY, "The order " + orderId + " is already being finalized.");
        }
        return issue(p, o, csr, checked, hold);
    }

    /**
     * Issues the order's certificate under {@code hold} and returns the order as stored afterwards: valid; or still
     * processing when another instance took the order over meanwhile (the client polls it, RFC 8555 §7.4).
     *
     * @throws CaException when issuance failed; the order is then invalid with the reason
     */
    private AcmeOrder issue(AcmeProvisioner p, AcmeOrder o, PKCS10CertificationRequest csr, ValidatedCsr checked,
            Finalization hold) {
        ProfileConfig profile = o.profile() == null ? null : p.profiles().get(o.profile());
        IssuedCertificate issued;
        try {
            issued = signer.issue(new IssuanceRequest(csr, p.name(), p.claims(), o.notBefore(), o.notAfter(),
                    profile == null ? null : profile.duration(), AcmeProvisioner.usagesOf(profile), false,
                    p.crlDistributionPoints()), checked, hold);
        } catch (FinalizationLostException e) {
            LOG.warn("Order {} was taken over by another instance while this one issued its certificate; it finishes there", o.id());
            return storage.findOrder(o.id()).orElseThrow();
        } catch (RuntimeException e) {
            // no order may stay processing: whatever failed, it ends invalid (internal detail stays in the log)
            storage.failFinalization(hold, failureDetail(e));
            throw e;
        }
        return o.withStatus(AcmeOrder.Status.VALID, null, issued.serial());
    }

    /** What an order that failed issuance says: the CA's problem when it is the client's to fix, else a generic one. */
    private static ProblemDetail failureDetail(Exception e) {
        if (e instanceof CaException ce && ce.problem() != Problem.SERVER_INTERNAL) return new ProblemDetail(ce.problem(), ce.detail());
        return new ProblemDetail(Problem.SERVER_INTERNAL, "The certificate could not be issued.");
    }

    /**
     * Takes over a processing order whose lease lapsed (the instance finalizing it stopped) and finishes it from the
     * stored CSR; returns the order as it is now. An order still held by a live finalization is returned unchanged.
     */
    private AcmeOrder resumeIfLapsed(AcmeOrder o) {
        Instant now = clock.instant();
        Finalization hold = storage.takeOverFinalization(o.id(), AcmeIds.newToken(), now, now.plus(lease)).orElse(null);
        if (hold == null) return o;
        LOG.warn("Taking over the finalization of order {}: the instance that started it did not finish within {}", o.id(), lease);
        AcmeProvisioner p = provisioners.apply(o.provisioner());
        if (p == null || hold.csr() == null) {
            storage.failFinalization(hold, new ProblemDetail(Problem.SERVER_INTERNAL, p == null
                    ? "The provisioner \"" + o.provisioner() + "\" was removed while the order was finalized."
                    : "The order's finalization was interrupted; create a new order."));
            return storage.findOrder(o.id()).orElseThrow();
        }
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(hold.csr());
            return issue(p, o, csr, CsrValidator.validate(csr), hold);
        } catch (IOException | RuntimeException e) {
            storage.failFinalization(hold, failureDetail(e)); // no-op when issue() already failed it
            LOG.warn("Order {} taken over from a stopped instance could not be finished: {}", o.id(), e.getMessage());
            return storage.findOrder(o.id()).orElseThrow();
        }
    }

    /**
     * Finishes the processing orders whose lease lapsed, at most {@code limit} of them: run periodically, so that
     * orders nobody polls end too. Returns how many were taken over.
     */
    public int resumeLapsedFinalizations(int limit) {
        int resumed = 0;
        for (String id : storage.lapsedFinalizations(clock.instant(), limit)) {
            AcmeOrder o = storage.findOrder(id).orElse(null);
            if (o != null && resumeIfLapsed(o) != o) resumed++;
        }
        return resumed;
    }

    private static com.nimbusds.jose.jwk.JWK accountKey(AcmeAccount account) {
        try {
            return com.nimbusds.jose.jwk.JWK.parse(account.jwk());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("The stored key of account " + account.id() + " cannot be parsed.", e);
        }
    }

    private static void checkNames(AcmeOrder o, ValidatedCsr csr) {
        Set<String> wanted = o.identifiers().stream().map(AcmeIdentifier::value).collect(Collectors.toCollection(TreeSet::new));
        Set<String> got = new TreeSet<>();
        for (SubjectName n : csr.names()) {
            if (n.type() != SubjectName.Type.DNS && n.type() != SubjectName.Type.IP) {
                throw new CaException(Problem.BAD_CSR, "The CSR names \"" + n.value() + "\", which is not a DNS name or IP address.");
            }
            got.add(n.value());
        }
        if (!got.equals(wanted)) {
            Set<String> extra = new TreeSet<>(got);
            extra.removeAll(wanted);
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(got);
            StringBuilder sb = new StringBuilder("The CSR must name exactly the order's identifiers");
            if (!extra.isEmpty()) sb.append("; it also names ").append(String.join(", ", extra));
            if (!missing.isEmpty()) sb.append("; it lacks ").append(String.join(", ", missing));
            throw new CaException(Problem.BAD_CSR, sb.append('.').toString());
        }
    }

    private static void checkValidity(Claims claims, ProfileConfig profile, Instant notBefore, Instant notAfter, Instant now) {
        if (notBefore == null && notAfter == null) return;
        Instant start = notBefore != null ? notBefore : now;
        if (notAfter != null && !notAfter.isAfter(now)) {
            throw new CaException(Problem.MALFORMED, "The requested notAfter " + notAfter + " is in the past.");
        }
        if (notBefore != null && notBefore.isBefore(now.minus(CLOCK_SKEW))) {
            throw new CaException(Problem.MALFORMED, "The requested notBefore " + notBefore + " is in the past; certificates are not back-dated.");
        }
        if (notBefore != null && notBefore.isAfter(now.plus(claims.maxTLSCertDuration()))) {
            throw new CaException(Problem.MALFORMED, "The requested notBefore " + notBefore + " is too far in the future.");
        }
        Duration lifetime = notAfter != null ? Duration.between(start, notAfter)
                : profile != null && profile.duration() != null ? profile.duration() : claims.defaultTLSCertDuration();
        if (lifetime.compareTo(claims.minTLSCertDuration()) < 0 || lifetime.compareTo(claims.maxTLSCertDuration()) > 0) {
            throw new CaException(Problem.MALFORMED, "The requested lifetime " + GoDuration.format(lifetime)
                    + " is outside the provisioner's limits of " + GoDuration.format(claims.minTLSCertDuration()) + " to "
                    + GoDuration.format(claims.maxTLSCertDuration()) + ".");
        }
    }

    /** RFC 9773 §5: the replaced certificate must be the account's, share a name, and not be replaced already. */
    private String checkReplacement(AcmeAccount account, String replaces, List<OrderIdentifier> ids, Instant now) {
        CertId certId = CertId.parse(replaces);
        if (!certId.issuedBy(signer.intermediateKeyId())) {
            throw new CaException(Problem.MALFORMED, "The certificate " + replaces + " named by replaces was not issued by this CA.");
        }
        var record = storage.findCertificate(certId.serial()).orElseThrow(() -> new CaException(Problem.MALFORMED,
                "The certificate " + replaces + " named by replaces does not exist."));
        boolean owned = storage.findOrderByCertificate(certId.serial()).map(o -> o.accountId().equals(account.id())).orElse(false);
        if (!owned) {
            throw new CaException(Problem.UNAUTHORIZED, "The certificate " + replaces + " named by replaces was not issued to this account.");
        }
        Set<String> names = ids.stream().map(OrderIdentifier::certificateName).collect(Collectors.toSet());
        if (record.sans().stream().noneMatch(names::contains)) {
            throw new CaException(Problem.MALFORMED, "The order shares no identifier with the certificate it replaces.");
        }
        String canonical = certId.toString();
        for (AcmeOrder other : storage.ordersReplacing(canonical)) {
            boolean live = other.status() == AcmeOrder.Status.VALID || other.status() == AcmeOrder.Status.PROCESSING
                    || (other.status() != AcmeOrder.Status.INVALID && other.expiresAt().isAfter(now));
            if (live) {
                throw new CaException(Problem.ALREADY_REPLACED, "The certificate " + replaces + " is already replaced by order "
                        + other.id() + ".");
            }
        }
        return canonical;
    }

    private AcmeOrder move(AcmeOrder o, AcmeOrder.Status next, ProblemDetail error) {
        if (storage.updateOrderStatus(o.id(), o.status(), next, error, null)) return o.withStatus(next, error, null);
        return storage.findOrder(o.id()).orElseThrow();
    }

    private static ProblemDetail failureOf(AcmeAuthorization a) {
        for (AcmeChallenge c : a.challenges()) {
            if (c.error() != null) return c.error();
        }
        return new ProblemDetail(Problem.UNAUTHORIZED, "The authorization for " + a.identifier().value() + " is "
                + a.status().name().toLowerCase() + ".");
    }
}
