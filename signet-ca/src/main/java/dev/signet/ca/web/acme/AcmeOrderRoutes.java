package dev.signet.ca.web.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.ra.AcmeProvisioner;
import dev.signet.ca.ra.NewOrderRequest;
import dev.signet.ca.ra.RegistrationAuthority;
import dev.signet.ca.ra.RenewalInfo;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeAuthorization;
import dev.signet.ca.storage.AcmeChallenge;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.ca.storage.AcmeOrder;
import dev.signet.ca.web.Exchange;
import dev.signet.ca.web.Router;
import dev.signet.pki.Pem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The ACME order life cycle's resources (RFC 8555 §7.4–7.6, RFC 9773): newOrder, order, finalize, authorization,
 * challenge, certificate, revokeCert and renewalInfo. {@code Retry-After} goes on pending authorizations, processing
 * challenges and processing orders so that clients poll promptly.
 *
 * <p>Thread-safe; holds no per-request state.
 */
final class AcmeOrderRoutes {
    /** Seconds a client should wait before polling an unfinished resource again. */
    static final String POLL_SECONDS = "1";

    private final RegistrationAuthority ra;
    private final AcmeRoutes acme;

    AcmeOrderRoutes(RegistrationAuthority ra, AcmeRoutes acme) {
        this.ra = ra;
        this.acme = acme;
    }

    void register(Router router) {
        acme.add(router, "POST", "/new-order", this::newOrder);
        acme.add(router, "POST", "/order/([^/]+)", this::order);
        acme.add(router, "POST", "/order/([^/]+)/finalize", this::finalizeOrder);
        acme.add(router, "POST", "/authz/([^/]+)", this::authorization);
        acme.add(router, "POST", "/challenge/([^/]+)/([^/]+)", this::challenge);
        acme.add(router, "POST", "/certificate/([^/]+)", this::certificate);
        acme.add(router, "POST", "/revoke-cert", this::revoke);
        acme.add(router, "GET", "/renewal-info/([^/]+)", this::renewalInfo);
    }

    private void newOrder(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = acme.verify(ex, p, u, false, true);
        ObjectNode json = req.json();
        JsonNode ids = json.get("identifiers");
        if (ids == null || !ids.isArray()) throw new CaException(Problem.MALFORMED, "The order needs an identifiers array.");
        List<AcmeIdentifier> identifiers = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isObject() || !id.path("type").isTextual() || !id.path("value").isTextual()) {
                throw new CaException(Problem.MALFORMED, "Each identifier must be an object with string type and value.");
            }
            identifiers.add(new AcmeIdentifier(id.get("type").asText(), id.get("value").asText()));
        }
        AcmeOrder o = ra.orders().create(p, req.requireAccount(), new NewOrderRequest(identifiers, Payloads.time(json, "notBefore"),
                Payloads.time(json, "notAfter"), Payloads.string(json, "profile"), Payloads.string(json, "replaces")));
        ex.responseHeaders().put(HttpHeader.LOCATION, u.order(o.id()));
        ex.json(201, AcmeJson.order(u, o));
    }

    private void order(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        AcmeAccount a = acme.verify(ex, p, u, false, true).requirePostAsGet().requireAccount();
        sendOrder(ex, u, ra.orders().find(a, ex.param(1)));
    }

    private void finalizeOrder(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = acme.verify(ex, p, u, false, true);
        String csr = Payloads.string(req.json(), "csr");
        if (csr == null) throw new CaException(Problem.MALFORMED, "The finalize request needs a csr.");
        byte[] der;
        try {
            if (csr.indexOf('=') >= 0) throw new IllegalArgumentException("padding");
            der = Base64.getUrlDecoder().decode(csr);
        } catch (IllegalArgumentException e) {
            throw new CaException(Problem.MALFORMED, "The csr must be base64url without padding.");
        }
        sendOrder(ex, u, ra.orders().finalizeOrder(p, req.requireAccount(), ex.param(1), der));
    }

    private static void sendOrder(Exchange ex, AcmeUrls u, AcmeOrder o) {
        ex.responseHeaders().put(HttpHeader.LOCATION, u.order(o.id()));
        if (o.status() == AcmeOrder.Status.PROCESSING) ex.responseHeaders().put(HttpHeader.RETRY_AFTER, POLL_SECONDS);
        ex.json(200, AcmeJson.order(u, o));
    }

    private void authorization(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = acme.verify(ex, p, u, false, true);
        AcmeAccount a = req.requireAccount();
        AcmeAuthorization authz;
        if (req.isPostAsGet()) {
            authz = ra.authorizations().find(a, ex.param(1));
        } else {
            String status = Payloads.string(req.json(), "status");
            if (!"deactivated".equals(status)) {
                throw new CaException(Problem.MALFORMED, "An authorization can only be updated to status \"deactivated\".");
            }
            authz = ra.authorizations().deactivate(a, ex.param(1));
        }
        if (authz.status() == AcmeAuthorization.Status.PENDING) ex.responseHeaders().put(HttpHeader.RETRY_AFTER, POLL_SECONDS);
        ex.json(200, AcmeJson.authorization(u, authz));
    }

    private void challenge(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = acme.verify(ex, p, u, false, true);
        AcmeAccount a = req.requireAccount();
        String authzId = ex.param(1);
        if (!req.isPostAsGet()) req.json(); // §7.5.1: the response is a JSON object, normally {}; its fields are ignored
        AcmeAuthorization authz = req.isPostAsGet() ? ra.authorizations().find(a, authzId)
                : ra.authorizations().respond(a, authzId, ex.param(2));
        AcmeChallenge c = authz.challenges().stream().filter(x -> x.id().equals(ex.param(2))).findFirst()
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "The challenge " + ex.param(2) + " does not exist."));
        ex.responseHeaders().add(HttpHeader.LINK, "<" + u.authorization(authzId) + ">;rel=\"up\"");
        if (c.status() == AcmeChallenge.Status.PROCESSING) ex.responseHeaders().put(HttpHeader.RETRY_AFTER, POLL_SECONDS);
        ex.json(200, AcmeJson.challenge(u, c));
    }

    private void certificate(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        AcmeAccount a = acme.verify(ex, p, u, false, true).requirePostAsGet().requireAccount();
        BigInteger serial;
        try {
            serial = new BigInteger(ex.param(1), 16);
        } catch (NumberFormatException e) {
            throw new CaException(Problem.NOT_FOUND, "The certificate " + ex.param(1) + " does not exist.");
        }
        ex.send(200, "application/pem-certificate-chain", Pem.encodeCertificates(ra.orders().certificateChain(a, serial)));
    }

    private void revoke(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = acme.verify(ex, p, u, true, true);
        ObjectNode json = req.json();
        String cert = Payloads.string(json, "certificate");
        if (cert == null) throw new CaException(Problem.MALFORMED, "The revocation request needs a certificate.");
        byte[] der;
        try {
            der = Base64.getUrlDecoder().decode(cert);
        } catch (IllegalArgumentException e) {
            throw new CaException(Problem.MALFORMED, "The certificate must be base64url-encoded DER.");
        }
        ra.revocations().revoke(p, der, Payloads.integer(json, "reason"), req.account(), req.account() == null ? req.key() : null);
        ex.empty(200);
    }

    private void renewalInfo(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        RenewalInfo info = ra.renewalInfo().window(ex.param(1));
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", AcmeJson.time(info.start()));
        window.put("end", AcmeJson.time(info.end()));
        ex.responseHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(info.retryAfter().toSeconds()));
        ex.json(200, Map.of("suggestedWindow", window));
    }
}
