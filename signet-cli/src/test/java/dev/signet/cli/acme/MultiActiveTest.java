package dev.signet.cli.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.testing.TestDatabase;
import dev.signet.cli.CliRun;
import dev.signet.pki.ChainVerifier;
import dev.signet.pki.KeyType;
import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.Http01Responder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Two active instances of one CA (same home contents) on one database, PostgreSQL or a shared SQLite file: ACME state
 * and provisioners are the database's, not an instance's, so a client may move between instances at any request.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class MultiActiveTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private TestDatabase database;
    private int http01;
    private SignetAcmeServer a;
    private SignetAcmeServer b;
    private Http01Responder http;

    @BeforeEach
    void start() throws Exception {
        AcmeTrust.installBouncyCastle();
        database = TestDatabase.create(kind, dir);
        http01 = SignetAcmeServer.freePort();
        a = SignetAcmeServer.start(dir.resolve("a"), http01, SignetAcmeServer.freePort(), null, null, database.config(Duration.ofSeconds(5)));
        b = SignetAcmeServer.start(dir.resolve("b"), http01, SignetAcmeServer.freePort(), null, null, database.config(Duration.ofSeconds(5)));
        http = new Http01Responder(new InetSocketAddress("127.0.0.1", http01));
    }

    @AfterEach
    void stop() {
        if (http != null) http.close();
        if (b != null) b.close();
        if (a != null) a.close();
    }

    /** The same URL on instance {@code to}: only the port differs. */
    private static URL on(SignetAcmeServer to, URL url) throws Exception {
        URI u = url.toURI();
        return new URI(u.getScheme(), u.getUserInfo(), u.getHost(), to.server().port(), u.getPath(), u.getQuery(), null).toURL();
    }

    /**
     * A nonce from {@code client}'s instance once that instance stores its nonces in the database ({@code shared}, 22
     * characters) or keeps them in its process (24): it changes within a beat of another instance starting or stopping.
     */
    private static String nonceOnceShared(RawAcmeClient client, boolean shared) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String nonce = client.nonce();
            if ((nonce.length() == 22) == shared) return nonce;
            if (System.nanoTime() > deadline) throw new AssertionError("The instance still issues nonces like " + nonce + ".");
            Thread.sleep(20); // a poll: the change comes at the next beat, within a second
        }
    }

    @Test
    void aNonceFromOneInstanceIsAcceptedByTheOtherOnlyOnce() throws Exception {
        RawAcmeClient onA = new RawAcmeClient(a.directory("acme"), a.root());
        RawAcmeClient onB = new RawAcmeClient(b.directory("acme"), b.root());
        String nonce = nonceOnceShared(onA, true); // A started alone, and sees B at its next beat

        var key = RawAcmeClient.newKey();
        HttpResponse<String> created = onB.post(onB.url("newAccount"), "{\"termsOfServiceAgreed\":true}", key, null,
                j -> j.header.put("nonce", nonce));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> replayed = onA.post(onA.url("newAccount"), "{\"termsOfServiceAgreed\":true}", RawAcmeClient.newKey(), null,
                j -> j.header.put("nonce", nonce));
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains("urn:ietf:params:acme:error:badNonce");
    }

    @Test
    void anInstanceLeftAloneKeepsItsNoncesInItsProcess() throws Exception {
        RawAcmeClient onA = new RawAcmeClient(a.directory("acme"), a.root());
        RawAcmeClient onB = new RawAcmeClient(b.directory("acme"), b.root());
        assertThat(onB.nonce()).as("B found A at its start").hasSize(22);
        String stored = nonceOnceShared(onA, true);
        b.close();
        b = null;
        String held = nonceOnceShared(onA, false);
        for (String nonce : List.of(held, stored)) {
            HttpResponse<String> created = onA.post(onA.url("newAccount"), "{\"termsOfServiceAgreed\":true}", RawAcmeClient.newKey(), null,
                    j -> j.header.put("nonce", nonce));
            assertThat(created.statusCode()).as(nonce + ": " + created.body()).isEqualTo(201);
            HttpResponse<String> replayed = onA.post(onA.url("newAccount"), "{\"termsOfServiceAgreed\":true}", RawAcmeClient.newKey(), null,
                    j -> j.header.put("nonce", nonce));
            assertThat(replayed.body()).as(nonce).contains("urn:ietf:params:acme:error:badNonce");
        }
    }

    @Test
    void aNonceHeldByALoneInstanceIsRefusedByANewOneWithAFreshNonceThatWorks() throws Exception {
        b.close();
        b = null;
        RawAcmeClient onA = new RawAcmeClient(a.directory("acme"), a.root());
        String held = nonceOnceShared(onA, false);
        b = SignetAcmeServer.start(dir.resolve("c"), http01, SignetAcmeServer.freePort(), null, null, database.config(Duration.ofSeconds(5)));
        RawAcmeClient onB = new RawAcmeClient(b.directory("acme"), b.root());
        var key = RawAcmeClient.newKey();
        HttpResponse<String> refused = onB.post(onB.url("newAccount"), "{\"termsOfServiceAgreed\":true}", key, null,
                j -> j.header.put("nonce", held));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("urn:ietf:params:acme:error:badNonce");
        String fresh = refused.headers().firstValue("Replay-Nonce").orElseThrow();
        assertThat(fresh).as("the new instance found A and stores its nonces").hasSize(22);
        HttpResponse<String> retried = onB.post(onB.url("newAccount"), "{\"termsOfServiceAgreed\":true}", key, null,
                j -> j.header.put("nonce", fresh));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    }

    @Test
    void anOrderCreatedOnOneInstanceIsValidatedAndFinalizedOnTheOther() throws Exception {
        KeyPair accountKey = KeyPairUtils.createECKeyPair("secp256r1");
        Session sessionA = new Session(a.directory("acme"), AcmeTrust.trusting(List.of(a.root())));
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey).create(sessionA);
        Order created = account.newOrder().identifier(org.shredzone.acme4j.Identifier.ip("127.0.0.1")).create();

        Session sessionB = new Session(b.directory("acme"), AcmeTrust.trusting(List.of(b.root())));
        var login = sessionB.login(on(b, account.getLocation()), accountKey);
        Order order = login.bindOrder(on(b, created.getLocation()));
        Authorization authz = order.getAuthorizations().get(0);
        assertThat(authz.getLocation().getPort()).as("served by B").isEqualTo(b.server().port());
        Http01Challenge challenge = authz.findChallenge(Http01Challenge.class).orElseThrow();
        http.publish(challenge.getToken(), challenge.getAuthorization());
        challenge.trigger();
        assertThat(challenge.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
        order.execute(KeyType.EC_P256.generate());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        List<X509Certificate> chain = order.getCertificate().getCertificateChain();
        ChainVerifier.verify(chain, List.of(a.root()), "127.0.0.1", Instant.now());

        // A knows the certificate its peer issued
        assertThat(a.server().storage().findOrderByCertificate(chain.get(0).getSerialNumber())).get()
                .extracting(o -> o.id()).isEqualTo(created.getLocation().getPath().substring(created.getLocation().getPath().lastIndexOf('/') + 1));
    }

    @Test
    void aProvisionerAddedThroughOneInstanceIsServedByTheOtherWithoutRestart() throws Exception {
        URI onB = URI.create(b.baseUrl() + "/acme/added-live/directory");
        var client = dev.signet.cli.Https.trusting(List.of(b.root()));
        var request = java.net.http.HttpRequest.newBuilder(onB).build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        CliRun added = CliRun.of("ca", "provisioner", "add", "added-live", "--type", "ACME", "--home", a.home().dir().toString(),
                "--ca-url", a.baseUrl());
        assertThat(added.exit()).as(added.err()).isZero();

        long deadline = System.nanoTime() + WAIT.toNanos();
        int status;
        do {
            status = client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status == 200) break;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(status).as("B serves the provisioner added through A").isEqualTo(200);
    }
}
