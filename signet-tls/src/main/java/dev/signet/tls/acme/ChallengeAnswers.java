package dev.signet.tls.acme;

import dev.signet.tls.CertifiedKey;
import dev.signet.tls.config.ChallengeType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the challenges of one certificate order with the configured {@code challenge_type}: http-01 through a
 * stand-alone {@link Http01Responder}, tls-alpn-01 through a stand-alone {@link TlsAlpn01Responder} or, when the
 * service's own TLS listener is on the validation port, through that listener (the certificates are published in
 * {@link TlsAlpnChallenges}, which the service's key manager reads). Responders listen from {@link #open} until
 * {@link #close}.
 *
 * <p>Not thread-safe: one order at a time, on the obtaining thread (callers hold the storage lock).
 */
final class ChallengeAnswers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChallengeAnswers.class);

    private final ChallengeType type;
    private final TlsAlpnChallenges published;
    private final List<String> publishedNames = new ArrayList<>();
    private Http01Responder http;
    private TlsAlpn01Responder tls;

    private ChallengeAnswers(ChallengeType type, TlsAlpnChallenges published) {
        this.type = type;
        this.published = published;
    }

    /**
     * Starts answering {@code type} challenges on {@code address}; with {@code ownListener} (tls-alpn-01 only) no
     * responder is started because the service's listener answers.
     */
    static ChallengeAnswers open(ChallengeType type, String address, TlsAlpnChallenges published, boolean ownListener)
            throws IOException {
        ChallengeAnswers a = new ChallengeAnswers(type, published);
        InetSocketAddress at = ListenAddress.parse(address);
        if (type == ChallengeType.HTTP_01) {
            a.http = new Http01Responder(at);
            log.info("HTTP-01 challenge server started port={}", a.http.port());
        } else if (!ownListener) {
            a.tls = new TlsAlpn01Responder(at, published);
            log.info("TLS-ALPN-01 challenge server started port={}", a.tls.port());
        } else {
            log.info("TLS-ALPN-01 challenges answered on the service's own listener address={}", address);
        }
        return a;
    }

    /** Publishes the answer to {@code auth}'s challenge of the configured type and returns that challenge. */
    Challenge answer(Authorization auth) throws AcmeFailure {
        String name = auth.getIdentifier().getValue();
        if (type == ChallengeType.HTTP_01) {
            Http01Challenge c = auth.findChallenge(Http01Challenge.class).orElseThrow(() -> new AcmeFailure(
                    "The ACME server offers no http-01 challenge for " + name + "; set challenge_type to tls-alpn-01."));
            http.publish(c.getToken(), c.getAuthorization());
            return c;
        }
        TlsAlpn01Challenge c = auth.findChallenge(TlsAlpn01Challenge.class).orElseThrow(() -> new AcmeFailure(
                "The ACME server offers no tls-alpn-01 challenge for " + name + "; set challenge_type to http-01."));
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA"); // acme4j signs the validation certificate with SHA256withRSA
            g.initialize(2048);
            KeyPair key = g.generateKeyPair();
            Identifier id = auth.getIdentifier();
            String sni = TlsAlpnChallenges.sniName(id);
            published.publish(sni, new CertifiedKey(List.of(c.createCertificate(key, id)), key.getPrivate()));
            publishedNames.add(sni);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot make an RSA key for the tls-alpn-01 certificate.", e);
        }
        return c;
    }

    @Override
    public void close() {
        publishedNames.forEach(published::withdraw);
        if (http != null) http.close();
        if (tls != null) {
            try {
                tls.close();
            } catch (IOException ignored) {
                // closing a listening socket: nothing left to release
            }
        }
    }
}
