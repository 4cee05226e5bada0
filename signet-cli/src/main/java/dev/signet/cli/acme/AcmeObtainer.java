package dev.signet.cli.acme;

import dev.signet.cli.CliException;
import dev.signet.tls.CertifiedKey;
import dev.signet.tls.acme.Http01Responder;
import dev.signet.tls.acme.TlsAlpn01Responder;
import dev.signet.tls.acme.TlsAlpnChallenges;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Obtains a certificate over ACME (RFC 8555 §7) with acme4j: finds or registers the account, orders the names,
 * answers each pending authorization through a stand-alone http-01 or tls-alpn-01 responder, finalizes with the
 * node's own key (only the CSR travels) and downloads the chain.
 *
 * <p>One obtainer serves one request on the calling thread.
 */
public final class AcmeObtainer {
    private final Session session;
    private final Duration timeout;

    public AcmeObtainer(Session session, Duration timeout) {
        this.session = session;
        this.timeout = timeout;
    }

    /** Finds the account of {@code accountKey}, registering it (agreeing to the terms) when new. */
    public Account account(KeyPair accountKey, String contact) throws AcmeException {
        AccountBuilder b = new AccountBuilder().useKeyPair(accountKey).agreeToTermsOfService();
        if (contact != null) b.addEmail(contact);
        return b.create(session);
    }

    /**
     * Orders and obtains a certificate for {@code names} (DNS names or IP addresses).
     *
     * @param http the http-01 responder to answer with, or null
     * @param tls the tls-alpn-01 responder to answer with, or null (one of the two is required)
     */
    public List<X509Certificate> obtain(Account account, List<String> names, KeyPair certificateKey, Http01Responder http,
            TlsAlpn01Responder tls) throws AcmeException, InterruptedException {
        List<Identifier> ids = new ArrayList<>();
        for (String n : names) ids.add(isIp(n) ? Identifier.ip(n) : Identifier.dns(n));
        Order order = account.newOrder().identifiers(ids).create();
        for (Authorization auth : order.getAuthorizations()) {
            if (auth.getStatus() != Status.PENDING) continue;
            Challenge challenge = http != null ? answerHttp(auth, http) : answerTls(auth, tls);
            challenge.trigger();
            Status s = challenge.waitForCompletion(timeout);
            if (s != Status.VALID) {
                throw new CliException("The CA could not validate " + auth.getIdentifier().getValue() + " with " + challenge.getType() + ": "
                        + challenge.getError().map(e -> e.getDetail().orElse(e.getType().toString())).orElse("status " + s) + ".");
            }
        }
        Status ready = order.waitUntilReady(timeout);
        if (ready != Status.READY) throw new CliException("The order did not become ready; its status is " + ready + ".");
        order.execute(certificateKey);
        Status done = order.waitForCompletion(timeout);
        if (done != Status.VALID) {
            throw new CliException("The order failed: " + order.getError().map(e -> e.getDetail().orElse("")).orElse("status " + done) + ".");
        }
        return order.getCertificate().getCertificateChain();
    }

    private static Challenge answerHttp(Authorization auth, Http01Responder http) {
        Http01Challenge c = auth.findChallenge(Http01Challenge.class).orElseThrow(() -> new CliException(
                "The CA offers no http-01 challenge for " + auth.getIdentifier().getValue() + "."));
        http.publish(c.getToken(), c.getAuthorization());
        return c;
    }

    private static Challenge answerTls(Authorization auth, TlsAlpn01Responder tls) {
        TlsAlpn01Challenge c = auth.findChallenge(TlsAlpn01Challenge.class).orElseThrow(() -> new CliException(
                "The CA offers no tls-alpn-01 challenge for " + auth.getIdentifier().getValue() + "."));
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA"); // acme4j signs the validation certificate with SHA256withRSA
            g.initialize(2048);
            KeyPair key = g.generateKeyPair();
            Identifier id = auth.getIdentifier();
            tls.challenges().publish(TlsAlpnChallenges.sniName(id), new CertifiedKey(List.of(c.createCertificate(key, id)), key.getPrivate()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }

    private static boolean isIp(String n) {
        return dev.signet.pki.SubjectName.parse(n).type() == dev.signet.pki.SubjectName.Type.IP;
    }
}
