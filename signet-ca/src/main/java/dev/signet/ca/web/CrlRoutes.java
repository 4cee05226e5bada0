package dev.signet.ca.web;

import dev.signet.ca.signer.CrlPublisher;
import dev.signet.ca.signer.SignedCrl;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code GET /crl}: the CA's current certificate revocation list (RFC 5280 §5), as DER ({@code application/pkix-crl},
 * RFC 5280 §4.2.1.13 and RFC 2585 §4.2) or, with {@code ?pem}, as PEM ({@code application/x-pem-file},
 * {@code -----BEGIN X509 CRL-----}).
 *
 * <p>Unlike every other response, a CRL may be cached: {@code Cache-Control: public, max-age=N} with N the seconds
 * left until its nextUpdate. A relying party keeps a CRL until nextUpdate anyway (RFC 5280 §5.1.2.5), so a cache
 * doing the same changes nothing; a client that wants a revocation at once fetches from the CA directly, which
 * rebuilds the CRL on every revocation.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
public final class CrlRoutes {
    /** The media type of a DER CRL (RFC 2585 §4.2). */
    public static final String DER_TYPE = "application/pkix-crl";
    private static final String PEM_TYPE = "application/x-pem-file";

    private final CrlPublisher publisher;
    private final Clock clock;

    public CrlRoutes(CrlPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Registers {@code GET /crl} on a router. */
    public Router register(Router router) {
        return router.add("GET", "/crl", "/crl", this::crl);
    }

    private void crl(Exchange ex) {
        SignedCrl crl = publisher.current();
        long maxAge = Math.max(0, Duration.between(clock.instant(), crl.nextUpdate()).getSeconds());
        String cacheControl = "public, max-age=" + maxAge;
        // the CRL's own bytes, read-only and not copied: with a million entries the DER is 50 MB
        if (ex.hasQueryParameter("pem")) {
            ex.send(200, PEM_TYPE, crl.pemBuffer(), cacheControl);
        } else {
            ex.send(200, DER_TYPE, crl.derBuffer(), cacheControl);
        }
    }
}
