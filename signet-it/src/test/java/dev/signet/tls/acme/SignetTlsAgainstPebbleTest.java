package dev.signet.tls.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.testing.MutableClock;
import dev.signet.ca.testing.Peers;
import dev.signet.cli.acme.peers.PebbleServer;
import dev.signet.tls.Handshakes;
import dev.signet.tls.SignetTls;
import dev.signet.tls.TlsEchoServer;
import dev.signet.tls.TlsFixtures;
import dev.signet.tls.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same life cycle against Pebble, an ACME server nobody here wrote: obtain over http-01, restart without a new
 * order, renewal inside {@code renew_before} over tls-alpn-01 with the stand-alone responder, and mTLS by client name
 * with Pebble-issued client certificates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignetTlsAgainstPebbleTest {
    @TempDir static Path dir;
    PebbleServer pebble;
    Path issuingRoot;

    @BeforeAll
    void start() throws Exception {
        Peers.requireTool(PebbleServer.PEBBLE);
        Peers.requireTool(PebbleServer.CHALLTESTSRV);
        pebble = PebbleServer.start(dir.resolve("pebble"));
        issuingRoot = pebble.issuingRoot(dir.resolve("pebble-issuing-root.pem"));
    }

    @AfterAll
    void stop() {
        if (pebble != null) pebble.close();
    }

    private TlsConfig http01(Path storage, String domain) {
        return TlsFixtures.server(TlsFixtures.acme(pebble.directory(), pebble.caBundle(), storage, "http-01",
                "127.0.0.1:" + pebble.http01().port(), domain));
    }

    private SSLContext trustingPebble() {
        var c = TlsFixtures.object();
        c.putArray("ca_files").add(issuingRoot.toString());
        return SignetTls.client(TlsFixtures.config("client", c)).start().sslContext();
    }

    @Test
    void obtainsOverHttp01AndARestartReusesTheCertificate() throws Exception {
        Path storage = dir.resolve("reuse");
        var registry = TlsFixtures.registry();
        X509Certificate first;
        try (SignetTls tls = SignetTls.server(http01(storage, "app.pebble.test")).metrics(registry, "signet").start();
                TlsEchoServer server = new TlsEchoServer(tls.sslContext(), 0)) {
            first = tls.certificate().leaf();
            assertThat(Handshakes.connect(trustingPebble(), "app.pebble.test", server.port()).getSerialNumber())
                    .isEqualTo(first.getSerialNumber());
            assertThat(pebble.certificateStatus(first.getSerialNumber())).isEqualTo("Valid");
            assertThat(TlsFixtures.sample(registry, "signet_acme_renewal_success_total")).isEqualTo(1.0);
        }
        var again = TlsFixtures.registry();
        try (SignetTls tls = SignetTls.server(http01(storage, "app.pebble.test")).metrics(again, "signet").start()) {
            assertThat(tls.certificate().leaf().getSerialNumber()).isEqualTo(first.getSerialNumber());
            assertThat(TlsFixtures.sample(again, "signet_acme_renewal_success_total")).isEqualTo(0.0);
        }
    }

    @Test
    void renewsOverTlsAlpn01InsideRenewBefore() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        TlsConfig config = TlsFixtures.server(TlsFixtures.acme(pebble.directory(), pebble.caBundle(), dir.resolve("renew"),
                "tls-alpn-01", "127.0.0.1:" + pebble.tlsAlpn01().port(), "renew.pebble.test"));
        try (SignetTls tls = SignetTls.server(config).clock(clock).start();
                TlsEchoServer server = new TlsEchoServer(tls.sslContext(), 0)) {
            X509Certificate first = tls.certificate().leaf();
            clock.advance(Duration.between(clock.instant(), first.getNotAfter().toInstant()).minus(Duration.ofHours(7)));
            assertThat(tls.acme().orElseThrow().check()).isEqualTo(ManagedCertificate.Outcome.RENEWED);
            X509Certificate renewed = tls.certificate().leaf();
            assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
            assertThat(Handshakes.connect(trustingPebble(), "renew.pebble.test", server.port()).getSerialNumber())
                    .isEqualTo(renewed.getSerialNumber());
        }
    }

    @Test
    void mtlsWithPebbleIssuedClientCertificates() throws Exception {
        var server = TlsFixtures.object();
        server.put("enabled", true);
        server.put("mode", "acme");
        server.set("acme", TlsFixtures.acme(pebble.directory(), pebble.caBundle(), dir.resolve("mtls-server"), "http-01",
                "127.0.0.1:" + pebble.http01().port(), "server.pebble.test"));
        var mtls = server.putObject("mtls");
        mtls.put("enabled", true);
        mtls.putArray("client_ca_files").add(issuingRoot.toString());
        mtls.putArray("allowed_client_cns").add("client-a.pebble.test");
        try (SignetTls tls = SignetTls.server(TlsFixtures.config("server", server)).start();
                TlsEchoServer echo = new TlsEchoServer(tls.sslContext(), 0)) {
            assertThat(Handshakes.connect(client("client-a.pebble.test"), "server.pebble.test", echo.port()).getSerialNumber())
                    .isEqualTo(tls.certificate().leaf().getSerialNumber());
            SSLContext b = client("client-b.pebble.test");
            assertThatThrownBy(() -> Handshakes.connect(b, "server.pebble.test", echo.port())).isInstanceOf(IOException.class);
        }
    }

    private SSLContext client(String name) {
        var c = TlsFixtures.object();
        c.put("mode", "acme");
        c.putArray("ca_files").add(issuingRoot.toString());
        c.set("acme", TlsFixtures.acme(pebble.directory(), pebble.caBundle(), dir.resolve("client-" + name), "http-01",
                "127.0.0.1:" + pebble.http01().port(), name));
        return SignetTls.client(TlsFixtures.config("client", c)).start().sslContext();
    }
}
