package dev.signet.tls.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.testing.MutableClock;
import dev.signet.ca.testing.PebbleChallTestServer;
import dev.signet.ca.testing.Peers;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.tls.Handshakes;
import dev.signet.tls.SignetTls;
import dev.signet.tls.TestCa;
import dev.signet.tls.TlsEchoServer;
import dev.signet.tls.TlsFixtures;
import dev.signet.tls.TlsStartException;
import dev.signet.tls.config.TlsConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed-000 life cycle against a real Signet CA on loopback: first start obtains, a restart reuses, renewal inside
 * {@code renew_before} (moved clock) hot-reloads, a failed renewal keeps the certificate, fallback files, mTLS by client
 * name, tls-alpn-01 answered on the service's own listener, two instances sharing one {@code storage_path}. Names
 * resolve to 127.0.0.1 through pebble-challtestsrv's DNS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignetTlsAgainstSignetTest {
    @TempDir static Path dir;
    PebbleChallTestServer dns;
    SignetAcmeServer ca;

    @BeforeAll
    void start() throws Exception {
        Peers.requireTool(PebbleChallTestServer.BINARY);
        dns = PebbleChallTestServer.start();
        dns.setDefaultIpv4("127.0.0.1");
        InetSocketAddress resolver = dns.dnsAddress();
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(),
                resolver.getHostString() + ":" + resolver.getPort());
    }

    @AfterAll
    void stop() {
        if (ca != null) ca.close();
        if (dns != null) dns.close();
    }

    private URI directory() {
        return ca.directory("acme");
    }

    private String http01() {
        return "127.0.0.1:" + ca.http01Port();
    }

    private TlsConfig serverConfig(Path storage, String... domains) {
        return TlsFixtures.server(TlsFixtures.acme(directory(), ca.rootPem(), storage, "http-01", http01(), domains));
    }

    private SSLContext trustingTheCa() throws Exception {
        var c = TlsFixtures.object();
        c.putArray("ca_files").add(ca.rootPem().toString());
        return SignetTls.client(TlsFixtures.config("client", c)).start().sslContext();
    }

    @Test
    void firstStartObtainsAndARestartReusesTheStoredCertificate() throws Exception {
        Path storage = dir.resolve("reuse");
        var registry = TlsFixtures.registry();
        X509Certificate first;
        try (SignetTls tls = SignetTls.server(serverConfig(storage, "app.signet.test")).metrics(registry, "semstreams").start();
                TlsEchoServer server = new TlsEchoServer(tls.sslContext(), 0)) {
            first = tls.certificate().leaf();
            X509Certificate served = Handshakes.connect(trustingTheCa(), "app.signet.test", server.port());
            assertThat(served.getSerialNumber()).isEqualTo(first.getSerialNumber());
            assertThat(TlsFixtures.sample(registry, "semstreams_acme_renewal_success_total")).isEqualTo(1.0);
            assertThat(TlsFixtures.sample(registry, "semstreams_certificate_expiry_timestamp_seconds{domain=\"app.signet.test\"}"))
                    .isEqualTo((double) first.getNotAfter().toInstant().getEpochSecond());
        }
        assertThat(Files.getPosixFilePermissions(storage.resolve("account.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(storage.resolve("certificate.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(storage.resolve("account.json"))).contains("\"email\" : \"ops@example.com\"", "\"uri\"");
        String account = Files.readString(storage.resolve("account.json"));

        var again = TlsFixtures.registry();
        try (SignetTls tls = SignetTls.server(serverConfig(storage, "app.signet.test")).metrics(again, "semstreams").start()) {
            assertThat(tls.certificate().leaf().getSerialNumber()).as("the stored certificate, no new order")
                    .isEqualTo(first.getSerialNumber());
            assertThat(TlsFixtures.sample(again, "semstreams_acme_renewal_success_total")).isEqualTo(0.0);
        }
        assertThat(Files.readString(storage.resolve("account.json"))).as("the account is reused, not registered again").isEqualTo(account);
    }

    @Test
    void insideRenewBeforeTheCertificateIsRenewedAndHotReloaded() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        var registry = TlsFixtures.registry();
        try (SignetTls tls = SignetTls.server(serverConfig(dir.resolve("renew"), "renew.signet.test")).metrics(registry, "signet")
                        .clock(clock).start();
                TlsEchoServer server = new TlsEchoServer(tls.sslContext(), 0)) {
            ManagedCertificate managed = tls.acme().orElseThrow();
            X509Certificate first = tls.certificate().leaf();
            assertThat(managed.check()).isEqualTo(ManagedCertificate.Outcome.NOT_DUE);

            Duration untilExpiry = Duration.between(clock.instant(), first.getNotAfter().toInstant());
            clock.advance(untilExpiry.minus(Duration.ofHours(7)));
            assertThat(managed.check()).isEqualTo(ManagedCertificate.Outcome.RENEWED);

            X509Certificate renewed = tls.certificate().leaf();
            assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
            assertThat(Handshakes.connect(trustingTheCa(), "renew.signet.test", server.port()).getSerialNumber())
                    .as("new handshakes get the new certificate").isEqualTo(renewed.getSerialNumber());
            assertThat(managed.storage().loadCertificate().orElseThrow().leaf().getSerialNumber()).isEqualTo(renewed.getSerialNumber());
            assertThat(TlsFixtures.sample(registry, "signet_acme_renewal_success_total")).isEqualTo(2.0);
            assertThat(TlsFixtures.sample(registry, "signet_certificate_expiry_timestamp_seconds{domain=\"renew.signet.test\"}"))
                    .isEqualTo((double) renewed.getNotAfter().toInstant().getEpochSecond());
        }
    }

    @Test
    void aFailedRenewalKeepsServingTheCurrentCertificate() throws Exception {
        Path storage = dir.resolve("keep");
        X509Certificate obtained;
        try (SignetTls tls = SignetTls.server(serverConfig(storage, "keep.signet.test")).start()) {
            obtained = tls.certificate().leaf();
        }
        URI dead = URI.create("https://127.0.0.1:" + SignetAcmeServer.freePort() + "/acme/acme/directory");
        MutableClock clock = new MutableClock(Instant.now());
        var registry = TlsFixtures.registry();
        TlsConfig unreachable = TlsFixtures.server(TlsFixtures.acme(dead, ca.rootPem(), storage, "http-01", http01(), "keep.signet.test"));
        try (SignetTls tls = SignetTls.server(unreachable).metrics(registry, "signet").clock(clock).start()) {
            assertThat(tls.certificate().leaf().getSerialNumber()).as("served from storage while the CA is unreachable")
                    .isEqualTo(obtained.getSerialNumber());
            clock.advance(Duration.between(clock.instant(), obtained.getNotAfter().toInstant()).minus(Duration.ofHours(1)));
            assertThat(tls.acme().orElseThrow().check()).isEqualTo(ManagedCertificate.Outcome.FAILED);
            assertThat(tls.certificate().leaf().getSerialNumber()).isEqualTo(obtained.getSerialNumber());
            assertThat(TlsFixtures.sample(registry, "signet_acme_renewal_failure_total")).isEqualTo(1.0);
        }
    }

    @Test
    void whenAcmeFailsTheFallbackFilesAreServedAndWithoutThemStartFails() throws Exception {
        URI dead = URI.create("https://127.0.0.1:" + SignetAcmeServer.freePort() + "/acme/acme/directory");
        Path[] files = new TestCa(dir.resolve("fallback-files")).leafFiles("fallback.signet.test");
        var withFallback = TlsFixtures.object();
        withFallback.put("enabled", true);
        withFallback.put("mode", "acme");
        withFallback.put("cert_file", files[0].toString());
        withFallback.put("key_file", files[1].toString());
        withFallback.set("acme", TlsFixtures.acme(dead, ca.rootPem(), dir.resolve("fallback"), "http-01", http01(), "fallback.signet.test"));
        try (SignetTls tls = SignetTls.server(TlsFixtures.config("server", withFallback)).start()) {
            assertThat(tls.acme().orElseThrow().onFallback()).isTrue();
            assertThat(tls.certificate().leaf().getSubjectX500Principal().getName()).isEqualTo("CN=fallback.signet.test");
        }

        TlsConfig without = TlsFixtures.server(TlsFixtures.acme(dead, ca.rootPem(), dir.resolve("nofallback"), "http-01", http01(),
                "fallback.signet.test"));
        assertThatThrownBy(() -> SignetTls.server(without).start())
                .isInstanceOf(TlsStartException.class)
                .hasMessageStartingWith("No certificate for [fallback.signet.test]: Could not register an ACME account at " + dead)
                .hasMessageEndingWith(" No cert_file/key_file fallback is configured.");
    }

    @Test
    void mtlsLetsInOnlyTheAllowedClientNames() throws Exception {
        var server = TlsFixtures.object();
        server.put("enabled", true);
        server.put("mode", "acme");
        server.set("acme", TlsFixtures.acme(directory(), ca.rootPem(), dir.resolve("mtls-server"), "http-01", http01(), "server.signet.test"));
        var mtls = server.putObject("mtls");
        mtls.put("enabled", true);
        mtls.putArray("client_ca_files").add(ca.rootPem().toString());
        mtls.putArray("allowed_client_cns").add("client-a.signet.test");
        try (SignetTls tls = SignetTls.server(TlsFixtures.config("server", server)).start();
                TlsEchoServer echo = new TlsEchoServer(tls.sslContext(), 0)) {
            SSLContext a = client("client-a.signet.test").sslContext();
            SSLContext b = client("client-b.signet.test").sslContext();
            assertThat(Handshakes.connect(a, "server.signet.test", echo.port()).getSerialNumber())
                    .isEqualTo(tls.certificate().leaf().getSerialNumber());
            assertThatThrownBy(() -> Handshakes.connect(b, "server.signet.test", echo.port()))
                    .as("a client whose name is not allowed").isInstanceOf(java.io.IOException.class);
            assertThatThrownBy(() -> Handshakes.connect(trustingTheCa(), "server.signet.test", echo.port()))
                    .as("a client without a certificate").isInstanceOf(java.io.IOException.class);
        }
    }

    private SignetTls client(String name) {
        var c = TlsFixtures.object();
        c.put("mode", "acme");
        c.putArray("ca_files").add(ca.rootPem().toString());
        c.set("acme", TlsFixtures.acme(directory(), ca.rootPem(), dir.resolve("client-" + name), "http-01", http01(), name));
        return SignetTls.client(TlsFixtures.config("client", c)).start();
    }

    @Test
    void tlsAlpn01IsAnsweredOnTheServicesOwnListener() throws Exception {
        TlsConfig config = TlsFixtures.server(TlsFixtures.acme(directory(), ca.rootPem(), dir.resolve("alpn"), "tls-alpn-01",
                "127.0.0.1:" + ca.tlsAlpn01Port(), "alpn.signet.test"));
        try (SignetTls tls = SignetTls.server(config).answerTlsAlpnOnOwnListener().build();
                TlsEchoServer own = new TlsEchoServer(tls.sslContext(), ca.tlsAlpn01Port())) {
            assertThat(tls.certificate()).as("nothing before start").isNull();
            tls.start();
            assertThat(Handshakes.connect(trustingTheCa(), "alpn.signet.test", own.port()).getSerialNumber())
                    .isEqualTo(tls.certificate().leaf().getSerialNumber());
        }
    }

    @Test
    void twoInstancesSharingOneStoragePathObtainOneCertificate() throws Exception {
        Path storage = dir.resolve("shared");
        var registries = List.of(TlsFixtures.registry(), TlsFixtures.registry());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<SignetTls>> starts = registries.stream()
                    .<Callable<SignetTls>>map(r -> () -> SignetTls.server(serverConfig(storage, "shared.signet.test")).metrics(r, "signet").start())
                    .toList();
            List<Future<SignetTls>> both = pool.invokeAll(starts);
            try (SignetTls one = both.get(0).get(); SignetTls two = both.get(1).get()) {
                assertThat(one.certificate().leaf().getSerialNumber()).isEqualTo(two.certificate().leaf().getSerialNumber());
                double orders = TlsFixtures.sample(registries.get(0), "signet_acme_renewal_success_total")
                        + TlsFixtures.sample(registries.get(1), "signet_acme_renewal_success_total");
                assertThat(orders).as("certificates obtained by the two instances together").isEqualTo(1.0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void renewalsUnderContinuousHandshakesLoseNone() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (SignetTls tls = SignetTls.server(serverConfig(dir.resolve("load"), "load.signet.test")).clock(clock).start();
                TlsEchoServer server = new TlsEchoServer(tls.sslContext(), 0)) {
            X509Certificate first = tls.certificate().leaf();
            SSLContext client = trustingTheCa();
            java.util.Set<java.math.BigInteger> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger handshakes = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(2);
            for (int c = 0; c < 2; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        try {
                            seen.add(Handshakes.connect(client, "load.signet.test", server.port()).getSerialNumber());
                            handshakes.incrementAndGet();
                        } catch (java.io.IOException e) {
                            failures.add(e);
                        }
                    }
                });
            }
            for (int w = 0; w < 1000 && handshakes.get() < 5; w++) Thread.sleep(2); // the first certificate is served
            clock.advance(Duration.between(clock.instant(), first.getNotAfter().toInstant()).minus(Duration.ofHours(7)));
            int renewals = 4;
            List<java.math.BigInteger> served = new java.util.ArrayList<>(List.of(first.getSerialNumber()));
            for (int i = 0; i < renewals; i++) {
                assertThat(tls.acme().orElseThrow().check()).isEqualTo(ManagedCertificate.Outcome.RENEWED);
                served.add(tls.certificate().leaf().getSerialNumber());
                int before = handshakes.get();
                for (int w = 0; w < 1000 && handshakes.get() < before + 5; w++) Thread.sleep(2); // let some handshakes see it
            }
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(failures).as("failed handshakes out of %d", handshakes.get()).isEmpty();
            assertThat(seen).as("the first and every renewed serial were served, in order %s, handshakes %d", served, handshakes.get()).containsExactlyInAnyOrderElementsOf(served);
            assertThat(server.refused.get()).isZero();
        }
    }
}
