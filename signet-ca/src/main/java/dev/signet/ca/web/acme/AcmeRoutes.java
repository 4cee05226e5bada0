package dev.signet.ca.web.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.ra.AcmeProvisioner;
import dev.signet.ca.ra.RegistrationAuthority;
import dev.signet.ca.ra.VerificationKey;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.Storage;
import dev.signet.ca.web.Exchange;
import dev.signet.ca.web.Router;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The ACME front end (RFC 8555) of every ACME provisioner, under {@code /acme/{provisioner}/}: directory, nonces,
 * accounts and key change. Orders, authorizations, challenges, certificates, revocation and renewal info are in
 * {@link AcmeOrderRoutes}. Every POST response and every newNonce response carries a fresh {@code Replay-Nonce}, and
 * every response {@code Link: <directory>;rel="index"} (§6.5, §7.1); every POST is a JWS verified here (§6.2–6.4) before any policy runs in the registration authority.
 *
 * <p>Thread-safe; holds no per-request state.
 */
public final class AcmeRoutes {
    static final String JOSE = "application/jose+json";
    /** How many accounts' parsed keys are kept: far more than the accounts active at once. */
    static final int ACCOUNT_KEYS_HELD = 20_000;

    private final RegistrationAuthority ra;
    private final NonceRegistry nonces;
    private final AccountKeys accountKeys = new AccountKeys(ACCOUNT_KEYS_HELD);
    private final int ordersPageSize;

    /**
     * @param aloneOnDatabase whether this instance is the only one on its database now ({@link
     *     dev.signet.ca.storage.InstancePresence#alone}): nonces are then kept in this process instead of the database
     * @param ordersPageSize how many order URLs one page of an account's orders list holds
     */
    public AcmeRoutes(RegistrationAuthority ra, Storage storage, Clock clock, BooleanSupplier aloneOnDatabase, int ordersPageSize) {
        this.ra = ra;
        this.nonces = new NonceRegistry(new ProcessNonces(clock, StoredNonces.LIFETIME, ProcessNonces.DEFAULT_WINDOW),
                new StoredNonces(storage, clock), aloneOnDatabase);
        this.ordersPageSize = ordersPageSize;
    }

    /** The handler of one ACME resource, given the provisioner and its URLs. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange ex, AcmeProvisioner p, AcmeUrls urls) throws Exception;
    }

    /** Adds the ACME routes. */
    public Router register(Router router) {
        add(router, "GET", "/directory", this::directory);
        add(router, "POST", "/directory", (ex, p, u) -> {
            verify(ex, p, u, true, true).requirePostAsGet(); // §6.3: POST-as-GET is allowed for the directory too
            directory(ex, p, u);
        });
        add(router, "GET", "/new-nonce", this::newNonce);
        add(router, "POST", "/new-nonce", (ex, p, u) -> {
            verify(ex, p, u, true, true).requirePostAsGet();
            ex.empty(204);
        });
        add(router, "POST", "/new-account", this::newAccount);
        add(router, "POST", "/account/([^/]+)", this::account);
        add(router, "POST", "/account/([^/]+)/orders", this::orders);
        add(router, "POST", "/key-change", this::keyChange);
        new AcmeOrderRoutes(ra, this).register(router);
        return router;
    }

    void add(Router router, String method, String path, Handler h) {
        router.add(method, "/acme/([^/]+)" + path, "/acme/{provisioner}" + path.replace("([^/]+)", "{id}"), ex -> {
            AcmeProvisioner p = ra.provisioner(ex.param(0));
            AcmeUrls u = new AcmeUrls(ex.baseUrl(), p.name());
            // §6.5: POST responses carry a nonce (errors too), and so does newNonce; plain GETs need none
            if (!method.equals("GET") || path.equals("/new-nonce")) ex.responseHeaders().put("Replay-Nonce", nonces.next());
            ex.responseHeaders().add(HttpHeader.LINK, "<" + u.directory() + ">;rel=\"index\"");
            h.handle(ex, p, u);
        });
    }

    /**
     * Verifies a POST's JWS (§6.2–6.4): content type, size, shape, algorithm, url, nonce, then the signature with the
     * embedded jwk or the kid's account key.
     *
     * @param jwkAllowed whether a jwk-signed request is allowed (newAccount, revokeCert)
     * @param kidAllowed whether a kid-signed request is allowed (all but newAccount)
     */
    SignedRequest verify(Exchange ex, AcmeProvisioner p, AcmeUrls u, boolean jwkAllowed, boolean kidAllowed) {
        if (!JOSE.equals(ex.contentType())) {
            throw new CaException(Problem.UNSUPPORTED_MEDIA_TYPE, "The Content-Type must be " + JOSE + ", not "
                    + (ex.contentType() == null ? "missing" : ex.contentType()) + ".");
        }
        byte[] body = ex.body(p.limits().maxRequestBytes());
        JsonNode json;
        try {
            json = Exchange.JSON.readTree(body);
        } catch (IOException e) {
            throw new CaException(Problem.MALFORMED, "The request body is not valid JSON.");
        }
        JwsVerifier.ParsedJws jws = JwsVerifier.parse(json, "The request");
        String url = u.base() + ex.pathAndQuery();
        if (jws.text("url") == null) throw new CaException(Problem.MALFORMED, "The JWS protected header has no url.");
        if (!url.equals(jws.text("url"))) {
            throw new CaException(Problem.UNAUTHORIZED, "The JWS url \"" + jws.text("url") + "\" is not the request URL " + url + ".");
        }
        String nonce = jws.text("nonce");
        if (nonce == null) throw new CaException(Problem.BAD_NONCE, "The JWS has no nonce.");
        if (!nonces.consume(nonce)) throw new CaException(Problem.BAD_NONCE, "The nonce \"" + nonce + "\" is unknown, used or expired.");
        VerificationKey key;
        AcmeAccount account = null;
        if (jws.has("jwk")) {
            if (!jwkAllowed) throw new CaException(Problem.MALFORMED, "This request must be signed with an account's kid, not a jwk.");
            key = VerificationKey.of(JwsVerifier.embeddedKey(jws));
        } else {
            if (!kidAllowed) throw new CaException(Problem.MALFORMED, "This request must be signed with a jwk, not a kid.");
            String id = u.accountIdOf(jws.text("kid"));
            if (id == null) {
                throw new CaException(Problem.ACCOUNT_DOES_NOT_EXIST, "The kid \"" + jws.text("kid") + "\" is not an account URL of this provisioner.");
            }
            account = ra.accounts().authenticate(p, id);
            key = accountKeys.of(account);
        }
        JwsVerifier.verify(jws, key);
        return new SignedRequest(p, key.jwk(), account, jws.payload());
    }

    private void directory(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        ex.json(200, AcmeJson.directory(u, p));
    }

    private void newNonce(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        ex.empty(ex.request().getMethod().equals("HEAD") ? 200 : 204);
    }

    private void newAccount(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = verify(ex, p, u, true, false);
        ObjectNode json = req.json();
        var r = new dev.signet.ca.ra.NewAccountRequest(Payloads.stringList(json, "contact"), Payloads.bool(json, "termsOfServiceAgreed"),
                Payloads.bool(json, "onlyReturnExisting"), json.get("externalAccountBinding"));
        var result = ra.accounts().create(p, req.key(), r, u.newAccount());
        ex.responseHeaders().put(HttpHeader.LOCATION, u.account(result.account().id()));
        ex.json(result.created() ? 201 : 200, AcmeJson.account(u, result.account()));
    }

    private void account(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = verify(ex, p, u, false, true);
        AcmeAccount a = ownAccount(ex, req);
        if (!req.isPostAsGet()) {
            ObjectNode json = req.json();
            a = ra.accounts().update(a, json.has("contact") ? Payloads.stringList(json, "contact") : null, Payloads.string(json, "status"));
        }
        ex.responseHeaders().put(HttpHeader.LOCATION, u.account(a.id()));
        ex.json(200, AcmeJson.account(u, a));
    }

    private void orders(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = verify(ex, p, u, false, true).requirePostAsGet();
        AcmeAccount a = ownAccount(ex, req);
        String cursor = ex.queryParameter("cursor");
        var ids = ra.orders().list(a, cursor, ordersPageSize + 1);
        boolean more = ids.size() > ordersPageSize;
        if (more) ids = ids.subList(0, ordersPageSize);
        if (more) {
            ex.responseHeaders().add(HttpHeader.LINK, "<" + u.orders(a.id()) + "?cursor=" + ids.get(ids.size() - 1) + ">;rel=\"next\"");
        }
        ex.json(200, java.util.Map.of("orders", ids.stream().map(u::order).toList()));
    }

    private void keyChange(Exchange ex, AcmeProvisioner p, AcmeUrls u) {
        SignedRequest req = verify(ex, p, u, false, true);
        AcmeAccount a = req.requireAccount();
        JwsVerifier.ParsedJws inner = JwsVerifier.parse(req.json(), "The inner keyChange JWS");
        if (!inner.has("jwk")) throw new CaException(Problem.MALFORMED, "The inner keyChange JWS must carry the new key as jwk.");
        if (!u.keyChange().equals(inner.text("url"))) {
            throw new CaException(Problem.MALFORMED, "The inner keyChange JWS url must be the keyChange URL " + u.keyChange() + ".");
        }
        JWK newKey = JwsVerifier.embeddedKey(inner);
        JwsVerifier.verify(inner, VerificationKey.of(newKey));
        JsonNode payload;
        try {
            payload = Exchange.JSON.readTree(inner.payload());
        } catch (IOException e) {
            throw new CaException(Problem.MALFORMED, "The inner keyChange payload is not JSON.");
        }
        if (payload == null || !payload.isObject() || !u.account(a.id()).equals(payload.path("account").asText(null))) {
            throw new CaException(Problem.MALFORMED, "The inner keyChange payload's account must be the signing account's URL.");
        }
        JWK oldKey;
        try {
            oldKey = JWK.parse(Exchange.JSON.writeValueAsString(payload.get("oldKey")));
        } catch (ParseException | IOException | RuntimeException e) {
            throw new CaException(Problem.MALFORMED, "The inner keyChange payload's oldKey is not a JSON Web Key.");
        }
        AcmeAccount changed = ra.accounts().changeKey(a, oldKey, newKey, u::account);
        ex.responseHeaders().put(HttpHeader.LOCATION, u.account(a.id()));
        ex.json(200, AcmeJson.account(u, changed));
    }

    private static AcmeAccount ownAccount(Exchange ex, SignedRequest req) {
        AcmeAccount a = req.requireAccount();
        if (!a.id().equals(ex.param(1))) {
            throw new CaException(Problem.UNAUTHORIZED, "The request is signed by account " + a.id() + ", not by account " + ex.param(1) + ".");
        }
        return a;
    }
}
