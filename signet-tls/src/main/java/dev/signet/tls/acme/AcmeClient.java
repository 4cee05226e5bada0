package dev.signet.tls.acme;

import dev.signet.pki.SubjectName;
import dev.signet.tls.config.AcmeTls;
import java.io.IOException;
import java.net.MalformedURLException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME side of a managed certificate, with acme4j: logs in with the stored account (registering one when there is
 * none, RFC 8555 §7.3), orders and obtains a certificate (§7.4, answering each authorization with
 * {@link ChallengeAnswers}) and reads the CA's renewal information (RFC 9773 §4). Only the CSR leaves the service; the
 * certificate key is made by the caller.
 *
 * <p>Not thread-safe: one managed certificate uses it from its renewal thread, under the storage lock.
 */
final class AcmeClient {
    private static final Logger log = LoggerFactory.getLogger(AcmeClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AcmeTls config;
    private final Session session;
    private final TlsAlpnChallenges published;
    private final boolean ownListener;

    AcmeClient(AcmeTls config, SSLContext trust, TlsAlpnChallenges published, boolean ownListener) {
        this.config = config;
        this.session = new Session(config.directoryUrl().orElseThrow(), new AcmeTrust(trust));
        this.published = published;
        this.ownListener = ownListener;
    }

    /** Logs in with the account in {@code storage}, registering and storing one first when there is none. */
    Login login(AcmeStorage storage) throws AcmeFailure {
        var directory = config.directoryUrl().orElseThrow();
        Optional<AcmeStorage.Account> stored = storage.loadAccount().filter(a -> a.directory().equals(directory));
        if (stored.isPresent()) {
            try {
                Login login = session.login(stored.get().location().toURL(), stored.get().key());
                log.info("ACME account loaded from storage email={}", stored.get().email().orElse(""));
                return login;
            } catch (MalformedURLException e) {
                throw new AcmeFailure("The ACME account URL in " + storage.accountFile() + " is not a URL.", e);
            }
        }
        KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
        AccountBuilder b = new AccountBuilder().useKeyPair(key).agreeToTermsOfService();
        config.email().ifPresent(b::addEmail);
        try {
            Login login = b.createLogin(session);
            storage.saveAccount(new AcmeStorage.Account(directory, config.email(), login.getAccountLocation().toURI(), key));
            log.info("ACME account created email={} account_url={}", config.email().orElse(""), login.getAccountLocation());
            return login;
        } catch (AcmeException e) {
            throw failure("register an ACME account at " + directory, e);
        } catch (java.net.URISyntaxException e) {
            throw new AcmeFailure("The ACME server returned an account URL that is not a URI.", e);
        }
    }

    /**
     * Orders a certificate for the configured domains, answers the challenges, finalizes with {@code certificateKey}
     * and returns the chain (leaf first). {@code replaces}, when given and the CA offers renewal information, is named
     * in the order (RFC 9773 §5); a CA that refuses it gets a plain order.
     */
    List<X509Certificate> obtain(Login login, KeyPair certificateKey, Optional<X509Certificate> replaces)
            throws AcmeFailure, InterruptedException {
        List<Identifier> ids = new ArrayList<>();
        for (String d : config.domains()) {
            ids.add(SubjectName.parse(d).type() == SubjectName.Type.IP ? Identifier.ip(d) : Identifier.dns(d));
        }
        try {
            Order order = newOrder(login, ids, replaces);
            try (ChallengeAnswers answers = ChallengeAnswers.open(config.challengeType(), config.challengeAddress(), published, ownListener)) {
                log.info("Waiting for ACME validation");
                for (Authorization auth : order.getAuthorizations()) {
                    if (auth.getStatus() == Status.VALID) continue;
                    Challenge challenge = answers.answer(auth);
                    challenge.trigger();
                    Status s = challenge.waitForCompletion(TIMEOUT);
                    if (s != Status.VALID) {
                        throw new AcmeFailure("The ACME server could not validate " + auth.getIdentifier().getValue() + " with "
                                + challenge.getType() + ": " + challenge.getError().map(AcmeClient::describe).orElse("status " + s) + ".");
                    }
                }
            }
            Status ready = order.waitUntilReady(TIMEOUT);
            if (ready != Status.READY) throw new AcmeFailure("The ACME order did not become ready; its status is " + ready + ".");
            order.execute(certificateKey);
            Status done = order.waitForCompletion(TIMEOUT);
            if (done != Status.VALID) {
                throw new AcmeFailure("The ACME order failed: " + order.getError().map(AcmeClient::describe).orElse("status " + done) + ".");
            }
            return order.getCertificate().getCertificateChain();
        } catch (AcmeException e) {
            throw failure("obtain a certificate for " + config.domains(), e);
        } catch (IOException e) {
            throw new AcmeFailure(e.getMessage(), e);
        }
    }

    private Order newOrder(Login login, List<Identifier> ids, Optional<X509Certificate> replaces) throws AcmeException {
        if (replaces.isPresent() && offersRenewalInfo()) {
            try {
                return login.newOrder().identifiers(ids).replaces(replaces.get()).create();
            } catch (AcmeServerException e) {
                log.warn("The ACME server refused the order naming the replaced certificate; ordering without it problem={}", describe(e.getProblem()));
            }
        }
        OrderBuilder b = login.newOrder().identifiers(ids);
        return b.create();
    }

    /** Whether the CA's directory has {@code renewalInfo} (RFC 9773 §3). */
    boolean offersRenewalInfo() {
        try {
            return session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
        } catch (AcmeException e) {
            return false;
        }
    }

    /** The CA's suggested renewal window for {@code certificate} (RFC 9773 §4), when it offers one. */
    Optional<Window> renewalWindow(Login login, X509Certificate certificate) {
        if (!offersRenewalInfo()) return Optional.empty();
        try {
            RenewalInfo info = login.bindRenewalInfo(certificate);
            info.fetch();
            return Optional.of(new Window(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd()));
        } catch (AcmeException | RuntimeException e) {
            log.warn("Could not read the CA's renewal information; renewing by renew_before alone error={}", e.getMessage());
            return Optional.empty();
        }
    }

    /** A renewal window suggested by the CA (RFC 9773 §4.2). */
    record Window(Instant start, Instant end) {}

    private static AcmeFailure failure(String what, AcmeException e) {
        String why = e instanceof AcmeServerException ? describe(((AcmeServerException) e).getProblem()) : e.getMessage();
        return new AcmeFailure("Could not " + what + ": " + why + ".", e);
    }

    private static String describe(org.shredzone.acme4j.Problem p) {
        String detail = p.getDetail().orElse(p.getTitle().orElse(p.getType().toString()));
        return detail.endsWith(".") ? detail.substring(0, detail.length() - 1) : detail;
    }
}
