package dev.signet.cli.acme.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.testing.PebbleChallTestServer;
import dev.signet.ca.testing.Peers;
import dev.signet.cli.acme.SignetAcmeServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * certbot, lego and uacme (Debian's packages, written by others) obtain, force-renew and revoke certificates from a
 * Signet CA over loopback, with every challenge type they support. Each scenario gets its own CA (so validation
 * ports do not clash) and all start together; pebble-challtestsrv is the CA's DNS for every name and takes the dns-01
 * records the clients' hooks publish. {@link PeersAgainstPebbleTest} runs the same drivers against Pebble.
 */
@Tag("peers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeersAgainstSignetTest {
    private static final String EMAIL = "peers@example.test";
    private static final int RUN = new SecureRandom().nextInt(1_000_000);

    @TempDir static Path dir;
    private PebbleChallTestServer dns;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "peer-scenario");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Future<Lifecycle>> scenarios = new ConcurrentHashMap<>();
    private final List<SignetAcmeServer> servers = new ArrayList<>();

    record Lifecycle(SignetAcmeServer ca, AcmeRequest request, PeerResult obtained, PeerResult renewed, PeerResult revoked) {}

    @BeforeAll
    void startAllScenarios() throws Exception {
        if (!Peers.installed(PebbleChallTestServer.BINARY)) return; // each test then skips, or fails in CI
        dns = PebbleChallTestServer.start();
        dns.setDefaultIpv4("127.0.0.1");
        if (Certbot.installed()) start("certbot", new Certbot(), ca -> new Challenge.Http01(ca.http01Port()));
        if (Lego.installed()) {
            start("lego", new Lego(), ca -> new Challenge.Http01(ca.http01Port()));
            start("lego-tls", new Lego(), ca -> new Challenge.TlsAlpn01(ca.tlsAlpn01Port()));
            start("lego-dns", new Lego(), ca -> dns01());
        }
        if (Uacme.installed()) start("uacme", new Uacme(), ca -> new Challenge.Http01(ca.http01Port()));
    }

    @AfterAll
    void stopAll() {
        pool.shutdownNow();
        synchronized (servers) {
            servers.forEach(SignetAcmeServer::close);
        }
        if (dns != null) dns.close();
    }

    @Test
    void certbotHttp01() throws Exception {
        check("certbot", "certbot");
    }

    @Test
    void legoHttp01() throws Exception {
        check("lego", "lego");
    }

    @Test
    void legoTlsAlpn01() throws Exception {
        check("lego-tls", "lego");
    }

    @Test
    void legoDns01ExecProvider() throws Exception {
        check("lego-dns", "lego", "curl");
    }

    @Test
    void uacmeHttp01Hook() throws Exception {
        check("uacme", "uacme", "unshare");
    }

    private Challenge dns01() {
        InetSocketAddress a = dns.dnsAddress();
        return new Challenge.Dns01(a.getHostString() + ":" + a.getPort(), dns.management());
    }

    private void start(String name, AcmePeer peer, Function<SignetAcmeServer, Challenge> challenge) {
        Callable<Lifecycle> scenario = () -> {
            InetSocketAddress resolver = dns.dnsAddress();
            SignetAcmeServer ca = SignetAcmeServer.start(dir.resolve(name).resolve("ca"), SignetAcmeServer.freePort(),
                    SignetAcmeServer.freePort(), resolver.getHostString() + ":" + resolver.getPort());
            synchronized (servers) {
                servers.add(ca);
            }
            AcmeRequest request = new AcmeRequest(ca.directory("acme"), ca.rootPem(), List.of(name + "-" + RUN + ".example.test"),
                    challenge.apply(ca), Files.createDirectories(dir.resolve(name).resolve("client")), EMAIL);
            PeerResult obtained = peer.obtain(request);
            if (!obtained.ok()) return new Lifecycle(ca, request, obtained, null, null);
            PeerResult renewed = peer.renew(request);
            if (!renewed.ok()) return new Lifecycle(ca, request, obtained, renewed, null);
            return new Lifecycle(ca, request, obtained, renewed, peer.revoke(request));
        };
        scenarios.put(name, pool.submit(scenario));
    }

    private void check(String name, String... tools) throws Exception {
        Peers.requireTool(PebbleChallTestServer.BINARY);
        for (String tool : tools) Peers.requireTool(tool);
        Lifecycle run = scenarios.get(name).get(5, TimeUnit.MINUTES);
        String domain = run.request().firstDomain();

        PeerResult obtained = run.obtained();
        assertThat(obtained.exit()).as(obtained::describe).isZero();
        X509Certificate first = obtained.leaf();
        assertThat(PeerAssertions.dnsNames(first)).as(obtained::describe).containsExactly(domain);
        PeerAssertions.assertKeyMatches(obtained);
        first.verify(dev.signet.pki.Pem.readCertificate(run.ca().home().intermediateCert()).getPublicKey()); // issued by this CA

        PeerResult renewed = run.renewed();
        assertThat(renewed.exit()).as(renewed::describe).isZero();
        X509Certificate second = renewed.leaf();
        assertThat(PeerAssertions.dnsNames(second)).as(renewed::describe).containsExactly(domain);
        assertThat(second.getSerialNumber()).as("renewal issued a new certificate\n%s", renewed.describe()).isNotEqualTo(first.getSerialNumber());
        PeerAssertions.assertKeyMatches(renewed);

        PeerResult revoked = run.revoked();
        assertThat(revoked.exit()).as(revoked::describe).isZero();
        var storage = run.ca().server().storage();
        assertThat(storage.findCertificate(second.getSerialNumber()).orElseThrow().status()).as(revoked::describe)
                .isEqualTo(CertificateRecord.Status.REVOKED);
        assertThat(storage.findCertificate(first.getSerialNumber()).orElseThrow().status()).isEqualTo(CertificateRecord.Status.VALID);
    }
}
