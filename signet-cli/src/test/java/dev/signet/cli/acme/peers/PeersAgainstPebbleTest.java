package dev.signet.cli.acme.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.testing.Peers;
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
 * The peer drivers against Pebble: each peer and challenge type obtains, force-renews and revokes a certificate.
 * The clients are slow (lego polls every few seconds), so every scenario gets its own Pebble and all of them start
 * together before the tests; each test then waits for its scenario and checks the outcome.
 */
@Tag("peers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeersAgainstPebbleTest {
    private static final String EMAIL = "peers@example.test";
    private static final int RUN = new SecureRandom().nextInt(1_000_000);

    @TempDir static Path dir;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "peer-scenario");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Future<Lifecycle>> scenarios = new ConcurrentHashMap<>();
    private final List<PebbleServer> pebbles = new ArrayList<>();

    /** One obtain → renew → revoke; later steps are null when an earlier one failed. */
    record Lifecycle(PebbleServer pebble, AcmeRequest request, PeerResult obtained, PeerResult renewed, PeerResult revoked) {}

    @BeforeAll
    void startAllScenarios() {
        if (!PebbleServer.installed()) return; // the tests skip (or fail in CI) through Peers.requireTool
        if (Certbot.installed()) {
            start("certbot", new Certbot(), PebbleServer::http01);
            start("certbot-dns", new Certbot(), PebbleServer::dns01);
        }
        if (Lego.installed()) {
            start("lego", new Lego(), PebbleServer::http01);
            start("lego-tls", new Lego(), PebbleServer::tlsAlpn01);
            start("lego-dns", new Lego(), PebbleServer::dns01);
        }
        if (Uacme.installed()) {
            start("uacme", new Uacme(), PebbleServer::http01);
            start("uacme-dns", new Uacme(), PebbleServer::dns01);
        }
    }

    @AfterAll
    void stopAll() {
        pool.shutdownNow();
        synchronized (pebbles) {
            pebbles.forEach(PebbleServer::close);
        }
    }

    @Test
    void certbotHttp01() throws Exception {
        requirePeers("certbot");
        check("certbot");
    }

    @Test
    void certbotDns01ManualHooks() throws Exception {
        requirePeers("certbot", "curl");
        check("certbot-dns");
    }

    @Test
    void legoHttp01() throws Exception {
        requirePeers("lego");
        check("lego");
    }

    @Test
    void legoTlsAlpn01() throws Exception {
        requirePeers("lego");
        check("lego-tls");
    }

    @Test
    void legoDns01ExecProvider() throws Exception {
        requirePeers("lego", "curl");
        check("lego-dns");
    }

    @Test
    void uacmeHttp01Hook() throws Exception {
        requirePeers("uacme", "unshare");
        check("uacme");
    }

    @Test
    void uacmeDns01Hook() throws Exception {
        requirePeers("uacme", "unshare", "curl");
        check("uacme-dns");
    }

    private static void requirePeers(String... tools) {
        Peers.requireTool(PebbleServer.PEBBLE);
        Peers.requireTool(PebbleServer.CHALLTESTSRV);
        for (String tool : tools) Peers.requireTool(tool);
    }

    private void start(String name, AcmePeer peer, Function<PebbleServer, Challenge> challenge) {
        Callable<Lifecycle> scenario = () -> {
            PebbleServer pebble = PebbleServer.start(dir.resolve(name).resolve("pebble"));
            synchronized (pebbles) {
                pebbles.add(pebble);
            }
            AcmeRequest request = new AcmeRequest(pebble.directory(), pebble.caBundle(),
                    List.of(name + "-" + RUN + ".example.test"), challenge.apply(pebble),
                    Files.createDirectories(dir.resolve(name).resolve("client")), EMAIL);
            PeerResult obtained = peer.obtain(request);
            if (!obtained.ok()) return new Lifecycle(pebble, request, obtained, null, null);
            PeerResult renewed = peer.renew(request);
            if (!renewed.ok()) return new Lifecycle(pebble, request, obtained, renewed, null);
            return new Lifecycle(pebble, request, obtained, renewed, peer.revoke(request));
        };
        scenarios.put(name, pool.submit(scenario));
    }

    private void check(String name) throws Exception {
        Lifecycle run = scenarios.get(name).get(5, TimeUnit.MINUTES);
        PebbleServer pebble = run.pebble();
        String domain = run.request().firstDomain();

        PeerResult obtained = run.obtained();
        assertThat(obtained.exit()).as(() -> obtained.describe() + pebble.logs()).isZero();
        X509Certificate first = obtained.leaf();
        assertThat(PeerAssertions.dnsNames(first)).as(obtained::describe).containsExactly(domain);
        PeerAssertions.assertKeyMatches(obtained);

        PeerResult renewed = run.renewed();
        assertThat(renewed.exit()).as(() -> renewed.describe() + pebble.logs()).isZero();
        X509Certificate second = renewed.leaf();
        assertThat(PeerAssertions.dnsNames(second)).as(renewed::describe).containsExactly(domain);
        assertThat(second.getSerialNumber()).as("renewal issued a new certificate\n%s", renewed.describe())
                .isNotEqualTo(first.getSerialNumber());
        PeerAssertions.assertKeyMatches(renewed);

        PeerResult revoked = run.revoked();
        assertThat(revoked.exit()).as(() -> revoked.describe() + pebble.logs()).isZero();
        assertThat(revoked.leaf().getSerialNumber()).as("the revoked file is the renewed certificate").isEqualTo(second.getSerialNumber());
        assertThat(pebble.certificateStatus(second.getSerialNumber())).as(revoked::describe).isEqualTo("Revoked");
        assertThat(pebble.certificateStatus(first.getSerialNumber())).isEqualTo("Valid");
    }
}
