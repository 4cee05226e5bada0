package dev.signet.ca.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.ra.NodeCertificates;
import dev.signet.ca.signer.IssuedCertificate;
import dev.signet.pki.GoDuration;
import dev.signet.pki.Pem;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * step-ca's node-certificate API, so that seed 002's runbook works: {@code GET /provisioners} (paginated),
 * {@code GET /provisioners/{kid}/encrypted-key}, {@code POST /sign} with a one-time token, {@code POST /renew} over mTLS,
 * {@code POST /revoke}. Each is also served under step's {@code /1.0/} prefix. Responses follow step-ca's JSON
 * ({@code crt}, {@code ca}, {@code certChain}); errors are problem documents.
 *
 * <p>Thread-safe; holds no per-request state.
 */
public final class NodeRoutes {
    private static final int MAX_BODY = 64 * 1024;
    private static final int DEFAULT_LIMIT = 20;

    private final NodeCertificates nodes;
    private final java.util.function.Supplier<List<ProvisionerConfig>> provisioners;
    private final Clock clock;

    private final java.util.function.Supplier<List<String>> baseUrls;

    /**
     * @param provisioners the provisioners in force, asked on every listing
     * @param baseUrls the CA's own URLs ({@code https://name:port} for each configured DNS name): a token's audience
     *     must be one of them, whatever Host header a client sends
     */
    public NodeRoutes(NodeCertificates nodes, java.util.function.Supplier<List<ProvisionerConfig>> provisioners, Clock clock,
            java.util.function.Supplier<List<String>> baseUrls) {
        this.nodes = nodes;
        this.provisioners = provisioners;
        this.clock = clock;
        this.baseUrls = baseUrls;
    }

    public Router register(Router router) {
        for (String prefix : List.of("", "/1.0")) {
            router.add("GET", prefix + "/provisioners", prefix + "/provisioners", this::list);
            router.add("GET", prefix + "/provisioners/([^/]+)/encrypted-key", prefix + "/provisioners/{kid}/encrypted-key", this::encryptedKey);
            router.add("POST", prefix + "/sign", prefix + "/sign", this::sign);
            router.add("POST", prefix + "/renew", prefix + "/renew", this::renew);
            router.add("POST", prefix + "/revoke", prefix + "/revoke", this::revoke);
        }
        return router;
    }

    /** step's {@code GET /provisioners?cursor=&limit=}: provisioners ordered as configured, paged by name. */
    private void list(Exchange ex) {
        int limit = DEFAULT_LIMIT;
        String l = ex.queryParameter("limit");
        if (l != null) {
            try {
                limit = Math.max(1, Math.min(100, Integer.parseInt(l)));
            } catch (NumberFormatException e) {
                throw new CaException(Problem.MALFORMED, "The limit \"" + l + "\" is not a number.");
            }
        }
        String cursor = ex.queryParameter("cursor");
        List<ProvisionerConfig> provisioners = this.provisioners.get();
        int start = 0;
        if (cursor != null && !cursor.isEmpty()) {
            start = -1;
            for (int i = 0; i < provisioners.size(); i++) if (provisioners.get(i).name().equals(cursor)) start = i;
            if (start < 0) throw new CaException(Problem.MALFORMED, "The cursor \"" + cursor + "\" names no provisioner.");
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = start; i < provisioners.size() && page.size() < limit; i++) page.add(describe(provisioners.get(i)));
        int next = start + page.size();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provisioners", page);
        body.put("nextCursor", next < provisioners.size() ? provisioners.get(next).name() : "");
        ex.json(200, body);
    }

    private static Map<String, Object> describe(ProvisionerConfig p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.type());
        m.put("name", p.name());
        if (p.key() != null) m.put("key", p.key());
        if (p.encryptedKey() != null) m.put("encryptedKey", p.encryptedKey());
        if (p.claims() != null) m.put("claims", claims(p.claims()));
        return m;
    }

    /** step's claim names, durations in Go syntax; unset claims are left out. */
    private static Map<String, Object> claims(dev.signet.ca.config.Claims c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.minTLSCertDuration() != null) m.put("minTLSCertDuration", GoDuration.format(c.minTLSCertDuration()));
        if (c.maxTLSCertDuration() != null) m.put("maxTLSCertDuration", GoDuration.format(c.maxTLSCertDuration()));
        if (c.defaultTLSCertDuration() != null) m.put("defaultTLSCertDuration", GoDuration.format(c.defaultTLSCertDuration()));
        if (c.allowRenewalAfterExpiry() != null) m.put("allowRenewalAfterExpiry", c.allowRenewalAfterExpiry());
        if (c.disableRenewal() != null) m.put("disableRenewal", c.disableRenewal());
        return m;
    }

    private void encryptedKey(Exchange ex) {
        String kid = ex.param(0);
        ProvisionerConfig p = provisioners.get().stream().filter(x -> x.key() != null && kid.equals(x.key().get("kid"))).findFirst()
                .orElseThrow(() -> new CaException(Problem.NOT_FOUND, "No JWK provisioner has the key id " + kid + "."));
        ex.json(200, Map.of("key", p.encryptedKey()));
    }

    private void sign(Exchange ex) throws IOException {
        JsonNode body = body(ex);
        String csrPem = text(body, "csr");
        if (csrPem == null) throw new CaException(Problem.MALFORMED, "The sign request needs a csr.");
        byte[] der;
        try {
            der = Pem.readCsr(csrPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "the csr").getEncoded();
        } catch (RuntimeException e) {
            throw new CaException(Problem.BAD_CSR, "The csr is not a PEM-encoded PKCS#10 certificate request.");
        }
        Instant now = clock.instant();
        IssuedCertificate issued = nodes.sign(der, text(body, "ott"), audiences(ex, "sign"), time(body, "notBefore", now),
                time(body, "notAfter", now));
        sendCertificate(ex, issued);
    }

    private void renew(Exchange ex) {
        // the body carries nothing, but is read: a request left unread makes Jetty close the kept-alive connection
        // after the answer, and a client that already reuses it fails ("header parser received no bytes")
        ex.body(MAX_BODY);
        sendCertificate(ex, nodes.renew(ex.clientCertificates()));
    }

    private void revoke(Exchange ex) throws IOException {
        JsonNode body = body(ex);
        JsonNode reason = body.get("reasonCode");
        if (reason != null && !reason.isInt()) throw new CaException(Problem.MALFORMED, "The reasonCode must be an integer.");
        nodes.revoke(text(body, "serial"), reason == null ? 0 : reason.asInt(), text(body, "ott"), audiences(ex, "revoke"),
                ex.clientCertificates());
        ex.json(200, Map.of("status", "ok"));
    }

    private static void sendCertificate(Exchange ex, IssuedCertificate issued) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> chain = issued.pemChain();
        out.put("crt", chain.get(0));
        out.put("ca", chain.get(chain.size() - 1));
        out.put("certChain", chain);
        ex.json(201, out);
    }

    /** The URLs a token for this endpoint may name as audience: each of the CA's URLs, with and without step's /1.0. */
    private List<String> audiences(Exchange ex, String endpoint) {
        List<String> out = new ArrayList<>();
        for (String base : baseUrls.get()) {
            out.add(base + "/" + endpoint);
            out.add(base + "/1.0/" + endpoint);
        }
        return out;
    }

    private static JsonNode body(Exchange ex) {
        byte[] raw = ex.body(MAX_BODY);
        JsonNode n;
        try {
            n = Exchange.JSON.readTree(raw);
        } catch (IOException e) {
            throw new CaException(Problem.MALFORMED, "The request body is not JSON.");
        }
        if (n == null || !n.isObject()) throw new CaException(Problem.MALFORMED, "The request body must be a JSON object.");
        return n;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new CaException(Problem.MALFORMED, "The field \"" + field + "\" must be a string.");
        return n.asText();
    }

    /** step's TimeDuration: an RFC 3339 time or a duration from now such as {@code 24h}. */
    private static Instant time(JsonNode body, String field, Instant now) {
        String s = text(body, field);
        if (s == null || s.isEmpty()) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return now.plus(GoDuration.parse(s));
            } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e2) {
                throw new CaException(Problem.MALFORMED, "The field \"" + field + "\" is neither an RFC 3339 time nor a duration: \"" + s + "\".");
            }
        }
    }
}
