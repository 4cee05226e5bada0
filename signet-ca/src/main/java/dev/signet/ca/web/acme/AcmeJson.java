package dev.signet.ca.web.acme;

import dev.signet.ca.error.ProblemDetail;
import dev.signet.ca.ra.AcmeProvisioner;
import dev.signet.ca.storage.AcmeAccount;
import dev.signet.ca.storage.AcmeAuthorization;
import dev.signet.ca.storage.AcmeChallenge;
import dev.signet.ca.storage.AcmeIdentifier;
import dev.signet.ca.storage.AcmeOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders ACME resources as the JSON objects of RFC 8555 §7.1 (and RFC 9773, draft-ietf-acme-profiles). Stateless. */
final class AcmeJson {
    private AcmeJson() {}

    /** The directory (§7.1.1) with its {@code meta}. */
    static Map<String, Object> directory(AcmeUrls u, AcmeProvisioner p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("newNonce", u.newNonce());
        d.put("newAccount", u.newAccount());
        d.put("newOrder", u.newOrder());
        d.put("revokeCert", u.revokeCert());
        d.put("keyChange", u.keyChange());
        d.put("renewalInfo", u.renewalInfo());
        Map<String, Object> meta = new LinkedHashMap<>();
        if (p.termsOfService() != null) meta.put("termsOfService", p.termsOfService());
        meta.put("externalAccountRequired", p.requireEab());
        if (!p.profiles().isEmpty()) meta.put("profiles", p.profileDescriptions());
        d.put("meta", meta);
        return d;
    }

    static Map<String, Object> account(AcmeUrls u, AcmeAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status().name().toLowerCase());
        if (!a.contact().isEmpty()) m.put("contact", a.contact());
        m.put("termsOfServiceAgreed", a.termsAgreed());
        m.put("orders", u.orders(a.id()));
        return m;
    }

    static Map<String, Object> order(AcmeUrls u, AcmeOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", o.status().name().toLowerCase());
        m.put("expires", time(o.expiresAt()));
        m.put("identifiers", identifiers(o.identifiers()));
        if (o.notBefore() != null) m.put("notBefore", time(o.notBefore()));
        if (o.notAfter() != null) m.put("notAfter", time(o.notAfter()));
        if (o.profile() != null) m.put("profile", o.profile());
        if (o.replaces() != null) m.put("replaces", o.replaces());
        if (o.error() != null) m.put("error", problem(o.error()));
        m.put("authorizations", o.authorizationIds().stream().map(u::authorization).toList());
        m.put("finalize", u.finalizeOrder(o.id()));
        if (o.certificateSerial() != null) m.put("certificate", u.certificate(o.certificateSerial()));
        return m;
    }

    static Map<String, Object> authorization(AcmeUrls u, AcmeAuthorization a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identifier", identifier(a.identifier()));
        m.put("status", a.status().name().toLowerCase());
        m.put("expires", time(a.expiresAt()));
        List<Map<String, Object>> cs = new ArrayList<>();
        for (AcmeChallenge c : a.challenges()) cs.add(challenge(u, c));
        m.put("challenges", cs);
        if (a.wildcard()) m.put("wildcard", true);
        return m;
    }

    static Map<String, Object> challenge(AcmeUrls u, AcmeChallenge c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", c.type());
        m.put("url", u.challenge(c.authorizationId(), c.id()));
        m.put("status", c.status().name().toLowerCase());
        m.put("token", c.token());
        if (c.validatedAt() != null) m.put("validated", time(c.validatedAt()));
        if (c.error() != null) m.put("error", problem(c.error()));
        return m;
    }

    static Map<String, Object> problem(ProblemDetail p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.problem().type());
        m.put("detail", p.detail());
        m.put("status", p.problem().status());
        return m;
    }

    private static List<Map<String, Object>> identifiers(List<AcmeIdentifier> ids) {
        return ids.stream().map(AcmeJson::identifier).toList();
    }

    private static Map<String, Object> identifier(AcmeIdentifier id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", id.type());
        m.put("value", id.value());
        return m;
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
