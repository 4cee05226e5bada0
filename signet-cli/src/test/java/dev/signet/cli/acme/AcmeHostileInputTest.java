package dev.signet.cli.acme;

import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.Http01Responder;
import dev.signet.tls.acme.TlsAlpn01Responder;
import dev.signet.tls.acme.TlsAlpnChallenges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.KeyType;
import dev.signet.pki.SubjectName;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed ACME requests against a real Signet CA over loopback. Each case asserts the whole problem
 * document (type, status, a detail sentence, nothing else but subproblems) and that nothing was stored: no account,
 * order or certificate appears and no status changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmeHostileInputTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @TempDir static Path dir;
    static SignetAcmeServer ca;
    static RawAcmeClient acme;
    static Http01Responder http;
    static ECKey keyA = RawAcmeClient.newKey();
    static ECKey keyB = RawAcmeClient.newKey();
    static String kidA;
    static String kidB;
    static String readyOrderA;
    static String pendingOrderA;
    static String authzA;
    static String certA;
    static byte[] certADer;
    static byte[] revokedDer;

    /** One hostile request: it sends something and returns the response. */
    @FunctionalInterface
    interface Attack {
        HttpResponse<String> send() throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null);
        http = new Http01Responder(new InetSocketAddress("127.0.0.1", ca.http01Port()));
        acme = new RawAcmeClient(ca.directory("acme"), ca.root());
        kidA = acme.newAccount(keyA);
        kidB = acme.newAccount(keyB);
        pendingOrderA = newOrder(kidA, keyA, "localhost");
        authzA = json(post(pendingOrderA, "", keyA, kidA)).get("authorizations").get(0).asText();
        readyOrderA = readyOrder("127.0.0.1");
        String issued = readyOrder("localhost");
        JsonNode done = json(post(issued + "/finalize", "{\"csr\":\"" + csr(KeyType.EC_P256.generate(), "localhost") + "\"}", keyA, kidA));
        certA = done.get("certificate").asText();
        String pem = post(certA, "", keyA, kidA).body();
        certADer = dev.signet.pki.Pem.parseCertificates(pem.getBytes(), "chain").get(0).getEncoded();
        String toRevoke = readyOrder("localhost");
        JsonNode revokedOrder = json(post(toRevoke + "/finalize", "{\"csr\":\"" + csr(KeyType.EC_P256.generate(), "localhost") + "\"}", keyA, kidA));
        revokedDer = dev.signet.pki.Pem.parseCertificates(post(revokedOrder.get("certificate").asText(), "", keyA, kidA).body().getBytes(), "chain")
                .get(0).getEncoded();
        assertThat(post(acme.url("revokeCert"), "{\"certificate\":\"" + B64.encodeToString(revokedDer) + "\",\"reason\":4}", keyA, kidA)
                .statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (http != null) http.close();
        if (ca != null) ca.close();
    }

    static Stream<Arguments> attacks() {
        return Stream.of(
                argumentSet("fail/bad-signature", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> j.corruptSignature = true),
                        "malformed", 400),
                argumentSet("fail/alg-none", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> j.header.put("alg", "none")),
                        "badSignatureAlgorithm", 400),
                argumentSet("fail/alg-hs256", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> {
                    j.header.put("alg", "HS256");
                    j.macKey = new byte[32];
                }), "badSignatureAlgorithm", 400),
                argumentSet("fail/alg-unknown", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> j.header.put("alg", "ES999")),
                        "badSignatureAlgorithm", 400),
                argumentSet("fail/alg-does-not-fit-key", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> j.header.put("alg", "RS256")),
                        "badSignatureAlgorithm", 400),
                argumentSet("fail/both-jwk-and-kid", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA,
                        j -> j.header.put("jwk", keyA.toPublicJWK().toJSONObject())), "malformed", 400),
                argumentSet("fail/neither-jwk-nor-kid", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> j.header.remove("kid")),
                        "malformed", 400),
                argumentSet("fail/url-mismatch", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA,
                        j -> j.header.put("url", acme.url("newAccount"))), "unauthorized", 403),
                argumentSet("fail/nonce-missing", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> j.header.remove("nonce")),
                        "badNonce", 400),
                argumentSet("fail/nonce-unknown", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA,
                        j -> j.header.put("nonce", "AAAAAAAAAAAAAAAAAAAAAA")), "badNonce", 400),
                argumentSet("fail/nonce-replayed", (Attack) () -> {
                    RawAcmeClient.Jws j = acme.jws(acme.url("newAccount"), "{\"onlyReturnExisting\":true}", keyA, null);
                    assertThat(acme.post(acme.url("newAccount"), j).statusCode()).isEqualTo(200);
                    return acme.post(acme.url("newAccount"), j);
                }, "badNonce", 400),
                argumentSet("fail/content-type", (Attack) () -> acme.post(acme.url("newOrder"),
                        RawAcmeClient.JSON.writeValueAsString(acme.jws(acme.url("newOrder"), order("a.test"), keyA, kidA).body()), "application/json"),
                        "malformed", 415),
                argumentSet("fail/oversized-body", (Attack) () -> acme.post(acme.url("newOrder"), "{\"x\":\"" + "A".repeat(70_000) + "\"}",
                        "application/jose+json"), "malformed", 413),
                argumentSet("fail/not-json", (Attack) () -> acme.post(acme.url("newOrder"), "{\"protected\":", "application/jose+json"), "malformed", 400),
                argumentSet("fail/payload-not-json", (Attack) () -> acme.post(acme.url("newOrder"), "{not json", keyA, kidA, j -> {}), "malformed", 400),
                argumentSet("fail/unknown-account", (Attack) () -> acme.post(acme.url("newOrder"), order("a.test"), keyA,
                        kidA.substring(0, kidA.lastIndexOf('/') + 1) + "nosuchaccount", j -> {}), "accountDoesNotExist", 400),
                argumentSet("fail/only-return-existing-unknown-key", (Attack) () -> acme.post(acme.url("newAccount"), "{\"onlyReturnExisting\":true}",
                        RawAcmeClient.newKey(), null, j -> {}), "accountDoesNotExist", 400),
                argumentSet("fail/other-accounts-order", (Attack) () -> post(pendingOrderA, "", keyB, kidB), "unauthorized", 403),
                argumentSet("fail/other-accounts-authz", (Attack) () -> post(authzA, "", keyB, kidB), "unauthorized", 403),
                argumentSet("fail/other-accounts-certificate", (Attack) () -> post(certA, "", keyB, kidB), "unauthorized", 403),
                argumentSet("fail/other-accounts-account", (Attack) () -> post(kidA, "", keyB, kidB), "unauthorized", 403),
                argumentSet("fail/revoke-other-accounts-certificate", (Attack) () -> post(acme.url("revokeCert"),
                        "{\"certificate\":\"" + B64.encodeToString(certADer) + "\"}", keyB, kidB), "unauthorized", 403),
                argumentSet("fail/double-revocation", (Attack) () -> post(acme.url("revokeCert"),
                        "{\"certificate\":\"" + B64.encodeToString(revokedDer) + "\"}", keyA, kidA), "alreadyRevoked", 400),
                argumentSet("fail/revocation-reason-not-allowed", (Attack) () -> post(acme.url("revokeCert"),
                        "{\"certificate\":\"" + B64.encodeToString(certADer) + "\",\"reason\":2}", keyA, kidA), "badRevocationReason", 400),
                argumentSet("fail/finalize-before-ready", (Attack) () -> post(pendingOrderA + "/finalize",
                        "{\"csr\":\"" + csr(KeyType.EC_P256.generate(), "localhost") + "\"}", keyA, kidA), "orderNotReady", 403),
                argumentSet("fail/csr-extra-name", (Attack) () -> post(readyOrderA + "/finalize",
                        "{\"csr\":\"" + csr(KeyType.EC_P256.generate(), "127.0.0.1", "extra.test") + "\"}", keyA, kidA), "badCSR", 400),
                argumentSet("fail/csr-missing-name", (Attack) () -> post(readyOrderA + "/finalize",
                        "{\"csr\":\"" + csr(KeyType.EC_P256.generate(), "other.test") + "\"}", keyA, kidA), "badCSR", 400),
                argumentSet("fail/csr-rsa-1024", (Attack) () -> post(readyOrderA + "/finalize", "{\"csr\":\"" + csr(rsa1024(), "127.0.0.1") + "\"}", keyA, kidA),
                        "badPublicKey", 400),
                argumentSet("fail/csr-p192", (Attack) () -> post(readyOrderA + "/finalize", "{\"csr\":\"" + csr(p192(), "127.0.0.1") + "\"}", keyA, kidA),
                        "badPublicKey", 400),
                argumentSet("fail/csr-with-the-account-key", (Attack) () -> post(readyOrderA + "/finalize",
                        "{\"csr\":\"" + csr(keyA.toKeyPair(), "127.0.0.1") + "\"}", keyA, kidA), "badCSR", 400),
                argumentSet("fail/csr-garbage", (Attack) () -> post(readyOrderA + "/finalize", "{\"csr\":\"AAAA\"}", keyA, kidA), "badCSR", 400),
                argumentSet("fail/invalid-ip", (Attack) () -> post(acme.url("newOrder"),
                        "{\"identifiers\":[{\"type\":\"ip\",\"value\":\"256.1.1.1\"}]}", keyA, kidA), "rejectedIdentifier", 400),
                argumentSet("fail/invalid-dns-name", (Attack) () -> post(acme.url("newOrder"), order("bad_name.test"), keyA, kidA), "rejectedIdentifier", 400),
                argumentSet("fail/unknown-profile", (Attack) () -> post(acme.url("newOrder"),
                        "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"p.test\"}],\"profile\":\"nope\"}", keyA, kidA), "invalidProfile", 400),
                argumentSet("fail/not-after-beyond-claims", (Attack) () -> post(acme.url("newOrder"),
                        "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"p.test\"}],\"notAfter\":\"2099-01-01T00:00:00Z\"}", keyA, kidA), "malformed", 400),
                argumentSet("fail/not-before-in-the-past", (Attack) () -> post(acme.url("newOrder"),
                        "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"p.test\"}],\"notBefore\":\"2020-01-01T00:00:00Z\"}", keyA, kidA), "malformed", 400),
                argumentSet("fail/two-bad-identifiers", (Attack) () -> post(acme.url("newOrder"),
                        "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a..test\"},{\"type\":\"ip\",\"value\":\"1.2.3\"}]}", keyA, kidA),
                        "rejectedIdentifier", 400),
                argumentSet("fail/unsupported-identifier", (Attack) () -> post(acme.url("newOrder"),
                        "{\"identifiers\":[{\"type\":\"email\",\"value\":\"a@b.test\"}]}", keyA, kidA), "unsupportedIdentifier", 400),
                argumentSet("fail/bad-contact", (Attack) () -> acme.post(acme.url("newAccount"), "{\"contact\":[\"mailto:not an address\"]}",
                        RawAcmeClient.newKey(), null, j -> {}), "invalidContact", 400),
                argumentSet("fail/unsupported-contact", (Attack) () -> acme.post(acme.url("newAccount"), "{\"contact\":[\"tel:+123\"]}",
                        RawAcmeClient.newKey(), null, j -> {}), "unsupportedContact", 400),
                argumentSet("fail/deactivate-to-other-status", (Attack) () -> post(kidA, "{\"status\":\"revoked\"}", keyA, kidA), "malformed", 400),
                argumentSet("fail/renewal-info-unknown", (Attack) () -> acme.get(acme.url("renewalInfo") + "/AAAA.AAAA"), "malformed", 404));
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void isRefusedWithTheRightProblemAndStoresNothing(Attack attack, String type, int status) throws Exception {
        Snapshot before = Snapshot.take();
        HttpResponse<String> r = attack.send();
        assertProblem(r, type, status);
        assertThat(Snapshot.take()).isEqualTo(before);
    }

    @Test
    void theOrdersListIsPagedWithLinkNext() throws Exception {
        ECKey key = RawAcmeClient.newKey();
        String kid = acme.newAccount(key);
        for (int i = 0; i < 101; i++) newOrder(kid, key, "page" + i + ".test");
        HttpResponse<String> first = post(kid + "/orders", "", key, kid);
        assertThat(json(first).get("orders")).hasSize(100);
        String next = first.headers().allValues("Link").stream().filter(l -> l.endsWith(";rel=\"next\"")).findFirst().orElseThrow();
        HttpResponse<String> second = post(next.substring(1, next.indexOf('>')), "", key, kid);
        assertThat(json(second).get("orders")).hasSize(1);
        assertThat(second.headers().allValues("Link")).noneMatch(l -> l.contains("rel=\"next\""));
        assertThat(json(second).get("orders").get(0).asText()).isNotIn(toList(json(first).get("orders")));
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void severalBadIdentifiersAreNamedInSubproblems() throws Exception {
        HttpResponse<String> r = post(acme.url("newOrder"),
                "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"a..test\"},{\"type\":\"ip\",\"value\":\"1.2.3\"},{\"type\":\"dns\",\"value\":\"fine.test\"}]}",
                keyA, kidA);
        JsonNode p = RawAcmeClient.JSON.readTree(r.body());
        assertThat(p.get("detail").asText()).isEqualTo("2 of the order's identifiers cannot be issued; see the subproblems.");
        assertThat(p.get("subproblems")).hasSize(2);
        assertThat(p.get("subproblems").get(0).get("identifier").toString()).isEqualTo("{\"type\":\"dns\",\"value\":\"a..test\"}");
        assertThat(p.get("subproblems").get(0).get("type").asText()).isEqualTo("urn:ietf:params:acme:error:rejectedIdentifier");
        assertThat(p.get("subproblems").get(1).get("identifier").toString()).isEqualTo("{\"type\":\"ip\",\"value\":\"1.2.3\"}");
    }

    @Test
    void theDirectoryAndNewNonceAlsoAnswerPostAsGet() throws Exception {
        HttpResponse<String> dirAnswer = post(acme.url("newNonce").replace("new-nonce", "directory"), "", keyA, kidA);
        assertThat(json(dirAnswer).get("newOrder").asText()).isEqualTo(acme.url("newOrder"));
        HttpResponse<String> nonce = post(acme.url("newNonce"), "", keyA, kidA);
        assertThat(nonce.statusCode()).isEqualTo(204);
        assertThat(nonce.headers().firstValue("Replay-Nonce")).isPresent();
        HttpResponse<String> get = acme.get(acme.url("newNonce").replace("new-nonce", "directory"));
        assertThat(get.headers().firstValue("Replay-Nonce")).as("plain GETs need no nonce").isEmpty();
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = acme.get(acme.url("newOrder"));
        assertProblem(r, "malformed", 405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void wildcardsAreOfferedDns01Only() throws Exception {
        JsonNode order = json(post(acme.url("newOrder"), order("*.wild.test"), keyA, kidA));
        JsonNode authz = json(post(order.get("authorizations").get(0).asText(), "", keyA, kidA));
        assertThat(authz.get("wildcard").asBoolean()).isTrue();
        assertThat(authz.get("challenges")).extracting(c -> c.get("type").asText()).containsExactly("dns-01");
    }

    @Test
    void deactivatedAccountsCanNoLongerAct() throws Exception {
        ECKey key = RawAcmeClient.newKey();
        String kid = acme.newAccount(key);
        String open = newOrder(kid, key, "open.test");
        HttpResponse<String> off = post(kid, "{\"status\":\"deactivated\"}", key, kid);
        assertThat(json(off).get("status").asText()).isEqualTo("deactivated");
        assertProblem(post(acme.url("newOrder"), order("x.test"), key, kid), "unauthorized", 403);
        assertProblem(acme.post(acme.url("newAccount"), "{\"onlyReturnExisting\":true}", key, null, j -> {}), "unauthorized", 403);
        var cancelled = ca.server().storage().findOrder(id(open)).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(dev.signet.ca.storage.AcmeOrder.Status.INVALID);
        assertThat(cancelled.error().detail()).isEqualTo("The account " + id(kid) + " was deactivated.");
    }

    @Test
    void keyChangeToAKeyInUseIsAConflictNamingTheHolder() throws Exception {
        ECKey key = RawAcmeClient.newKey();
        String kid = acme.newAccount(key);
        String url = acme.url("keyChange");
        RawAcmeClient.Jws inner = acme.jws(url, RawAcmeClient.JSON.writeValueAsString(Map.of("account", kid, "oldKey", key.toPublicJWK().toJSONObject())), keyB, null);
        inner.header.remove("nonce");
        HttpResponse<String> r = post(url, RawAcmeClient.JSON.writeValueAsString(inner.body()), key, kid);
        assertProblem(r, "malformed", 409);
        assertThat(r.headers().firstValue("Location")).hasValue(kidB);
    }

    @Test
    void eabWithAWrongMacIsUnauthorized() throws Exception {
        RawAcmeClient eab = new RawAcmeClient(ca.directory("acme-eab"), ca.root());
        var add = dev.signet.cli.CliRun.of("ca", "acme", "eab", "add", "acme-eab", "--home", ca.home().dir().toString());
        String keyId = add.out().lines().filter(l -> l.startsWith("Key ID: ")).findFirst().orElseThrow().substring(8);
        ECKey key = RawAcmeClient.newKey();
        RawAcmeClient.Jws binding = eab.jws(eab.url("newAccount"), RawAcmeClient.JSON.writeValueAsString(key.toPublicJWK().toJSONObject()), key, null);
        binding.header.clear();
        binding.header.put("alg", "HS256");
        binding.header.put("kid", keyId);
        binding.header.put("url", eab.url("newAccount"));
        binding.macKey = new byte[32]; // not the key the CA handed out
        String payload = RawAcmeClient.JSON.writeValueAsString(Map.of("termsOfServiceAgreed", true, "externalAccountBinding", binding.body()));
        assertProblem(eab.post(eab.url("newAccount"), payload, key, null, j -> {}), "unauthorized", 403);
        assertThat(ca.server().storage().findEabKey(keyId).orElseThrow().boundAccountId()).isNull();
    }

    @Test
    void theOrderLimitTripsWithRetryAfter() throws Exception {
        RawAcmeClient limited = new RawAcmeClient(ca.directory("acme-limited"), ca.root());
        ECKey key = RawAcmeClient.newKey();
        String kid = limited.newAccount(key);
        for (String name : List.of("one.test", "two.test")) {
            assertThat(limited.post(limited.url("newOrder"), order(name), key, kid, j -> {}).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> r = limited.post(limited.url("newOrder"), order("three.test"), key, kid, j -> {});
        assertProblem(r, "rateLimited", 429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(ca.server().storage().orderIdsOfAccount(id(kid), null, 10)).hasSize(2);
    }

    @Test
    void badNonceAnswersWithAFreshNonce() throws Exception {
        HttpResponse<String> r = acme.post(acme.url("newOrder"), order("a.test"), keyA, kidA, j -> j.header.put("nonce", "bogus"));
        assertProblem(r, "badNonce", 400);
        assertThat(r.headers().firstValue("Replay-Nonce")).isPresent();
        assertThat(acme.post(acme.url("newOrder"), order("fresh.test"), keyA, kidA,
                j -> j.header.put("nonce", r.headers().firstValue("Replay-Nonce").get())).statusCode()).isEqualTo(201);
    }

    // ---- helpers ----

    /** What must not change when a request is refused. */
    record Snapshot(long certificates, List<String> ordersA, List<String> ordersB, String readyStatus, String pendingStatus,
            String certificateStatus, String accountStatus) {
        static Snapshot take() throws Exception {
            Storage s = ca.server().storage();
            var serial = dev.signet.pki.Pem.toX509(certADer).getSerialNumber();
            return new Snapshot(s.countCertificates(), s.orderIdsOfAccount(id(kidA), null, 1000), s.orderIdsOfAccount(id(kidB), null, 1000),
                    s.findOrder(id(readyOrderA)).orElseThrow().status().name(), s.findOrder(id(pendingOrderA)).orElseThrow().status().name(),
                    s.findCertificate(serial).orElseThrow().status().name(), s.findAccount(id(kidA)).orElseThrow().status().name());
        }
    }

    static void assertProblem(HttpResponse<String> r, String type, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = RawAcmeClient.JSON.readTree(r.body());
        assertThat(p.get("type").asText()).as(r.body()).isEqualTo("urn:ietf:params:acme:error:" + type);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).matches("[A-Z0-9\"].*\\.");
        List<String> fields = new java.util.ArrayList<>();
        p.fieldNames().forEachRemaining(fields::add);
        fields.remove("subproblems");
        assertThat(fields).containsExactly("type", "detail", "status");
    }

    static String id(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    static String order(String name) {
        return "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"" + name + "\"}]}";
    }

    static HttpResponse<String> post(String url, String payload, ECKey key, String kid) throws Exception {
        return acme.post(url, payload, key, kid, j -> {});
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return RawAcmeClient.JSON.readTree(r.body());
    }

    static String newOrder(String kid, ECKey key, String name) throws Exception {
        String type = SubjectName.parse(name).type() == SubjectName.Type.IP ? "ip" : "dns";
        HttpResponse<String> r = post(acme.url("newOrder"), "{\"identifiers\":[{\"type\":\"" + type + "\",\"value\":\"" + name + "\"}]}", key, kid);
        json(r);
        return r.headers().firstValue("Location").orElseThrow();
    }

    /** An order of account A for one name, validated over http-01 and ready. */
    static String readyOrder(String name) throws Exception {
        String order = newOrder(kidA, keyA, name);
        String authz = json(post(order, "", keyA, kidA)).get("authorizations").get(0).asText();
        JsonNode challenge = null;
        for (JsonNode c : json(post(authz, "", keyA, kidA)).get("challenges")) if (c.get("type").asText().equals("http-01")) challenge = c;
        String token = challenge.get("token").asText();
        http.publish(token, token + "." + keyA.computeThumbprint());
        json(post(challenge.get("url").asText(), "{}", keyA, kidA));
        for (int i = 0; i < 200; i++) {
            if (json(post(order, "", keyA, kidA)).get("status").asText().equals("ready")) return order;
            Thread.sleep(25); // polling the CA as every ACME client does
        }
        throw new AssertionError("The order for " + name + " did not become ready.");
    }

    static String csr(KeyPair key, String... names) throws Exception {
        ExtensionsGenerator ext = new ExtensionsGenerator();
        GeneralName[] gns = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) gns[i] = SubjectName.parse(names[i]).toGeneralName();
        ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(gns));
        var b = new JcaPKCS10CertificationRequestBuilder(new X500Name(""), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
        String alg = key.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return B64.encodeToString(b.build(new JcaContentSignerBuilder(alg).setProvider(dev.signet.pki.Crypto.BC).build(key.getPrivate())).getEncoded());
    }

    static KeyPair rsa1024() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        return g.generateKeyPair();
    }

    static KeyPair p192() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", dev.signet.pki.Crypto.BC);
        g.initialize(new ECGenParameterSpec("secp192r1"));
        return g.generateKeyPair();
    }
}
