package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.testing.Ports;
import dev.signet.ca.testing.TestDatabase;
import dev.signet.cli.CliRun;
import dev.signet.cli.Https;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.pki.ChainVerifier;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.Http01Responder;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Two {@code signet ca start} processes of one CA on one database behind a round-robin TCP proxy; a load of concurrent
 * acme4j clients; one instance killed with SIGKILL in the middle. Afterwards every client holds its certificate (they
 * retry as real clients do: resume their order, or start a new one when it failed), the database holds one certificate
 * per valid order and no order in processing, and every client's serial is stored exactly once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class FailoverIT {
    private static final int CLIENTS = 24;
    private static final int THREADS = 8;
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : processes) p.destroyForcibly();
    }

    @Test
    void killingOneInstanceUnderLoadLosesNoCertificateAndLeavesNoOrderProcessing() throws Exception {
        AcmeTrust.installBouncyCastle();
        TestDatabase database = TestDatabase.create(kind, dir);
        int http01 = Ports.free();
        CaHome a = new CaHome(dir.resolve("a"));
        CliRun init = CliRun.of("ca", "init", "--home", a.dir().toString(), "--name", "Failover CA", "--dns", "localhost,127.0.0.1");
        assertThat(init.exit()).as(init.err()).isZero();
        CaHome b = new CaHome(dir.resolve("b"));
        SignetAcmeServer.copy(a.dir(), b.dir());
        int portA = Ports.free();
        int portB = Ports.free();
        configure(a, portA, database.config(LEASE), http01);
        configure(b, portB, database.config(LEASE), http01);

        Process instanceA = start(a, "a");
        Process instanceB = start(b, "b");
        X509Certificate root = Pem.readCertificate(a.rootCert());
        awaitHealthy(portA, root, instanceA);
        awaitHealthy(portB, root, instanceB);

        try (RoundRobinProxy proxy = new RoundRobinProxy(List.of(new InetSocketAddress("127.0.0.1", portA),
                new InetSocketAddress("127.0.0.1", portB)));
             Http01Responder http = new Http01Responder(new InetSocketAddress("127.0.0.1", http01))) {
            URI directory = URI.create("https://localhost:" + proxy.port() + "/acme/acme/directory");
            AtomicInteger ordersCreated = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<X509Certificate>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(pool.submit(() -> obtain(directory, root, http, ordersCreated, retries)));
            }
            // SIGKILL A while a third of the orders exist and the rest are on their way
            long killBy = System.nanoTime() + WAIT.toNanos();
            while (ordersCreated.get() < CLIENTS / 3 && System.nanoTime() < killBy) Thread.sleep(10);
            instanceA.destroyForcibly();
            assertThat(instanceA.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(instanceA.exitValue()).as("killed by SIGKILL (128+9)").isEqualTo(137);

            Set<BigInteger> serials = new HashSet<>();
            for (Future<X509Certificate> c : clients) {
                X509Certificate leaf = c.get(3, TimeUnit.MINUTES);
                serials.add(leaf.getSerialNumber());
            }
            pool.shutdown();
            assertThat(serials).as("every client holds a certificate of its own").hasSize(CLIENTS);

            awaitNoOrderProcessing(database);
            try (Connection c = DriverManager.getConnection(database.jdbcUrl()); Statement s = c.createStatement()) {
                long certificates = count(s, "SELECT COUNT(*) FROM certificates WHERE provisioner = 'acme'");
                long distinct = count(s, "SELECT COUNT(DISTINCT serial) FROM certificates");
                long all = count(s, "SELECT COUNT(*) FROM certificates");
                long validOrders = count(s, "SELECT COUNT(*) FROM acme_orders WHERE status = 'VALID'");
                long ordersWithoutCertificate = count(s, "SELECT COUNT(*) FROM acme_orders o WHERE o.status = 'VALID'"
                        + " AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.serial = o.certificate_serial)");
                long certificatesOfNoOrder = count(s, "SELECT COUNT(*) FROM certificates c WHERE c.provisioner = 'acme'"
                        + " AND NOT EXISTS (SELECT 1 FROM acme_orders o WHERE o.certificate_serial = c.serial)");
                assertThat(distinct).as("no duplicate serials").isEqualTo(all);
                assertThat(ordersWithoutCertificate).isZero();
                assertThat(certificatesOfNoOrder).as("every stored certificate belongs to exactly one order").isZero();
                assertThat(certificates).isEqualTo(validOrders).isGreaterThanOrEqualTo(CLIENTS);
                for (BigInteger serial : serials) {
                    assertThat(count(s, "SELECT COUNT(*) FROM certificates WHERE serial = '" + serial + "'")).isEqualTo(1);
                }
                String log = Files.readString(dir.resolve("b.err"), StandardCharsets.UTF_8);
                System.out.printf("failover/%s: %d clients, %d retries, %d certificates stored, %d finalizations and %d validations taken over by B%n",
                        kind, CLIENTS, retries.get(), certificates, occurrences(log, "Taking over the finalization"),
                        occurrences(log, "Taking over the validation"));
            }
        }
        assertThat(instanceB.isAlive()).as("the survivor is still serving").isTrue();
    }

    /** One client's life: account, order, http-01, finalize, certificate; on any failure it retries as real clients do. */
    private static X509Certificate obtain(URI directory, X509Certificate root, Http01Responder http, AtomicInteger ordersCreated,
            AtomicInteger retries) throws Exception {
        KeyPair accountKey = KeyPairUtils.createECKeyPair("secp256r1");
        URL orderUrl = null;
        Exception last = null;
        for (int attempt = 1; attempt <= 40; attempt++) {
            try {
                Session session = new Session(directory, AcmeTrust.trusting(List.of(root)));
                Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey).create(session);
                Order order = orderUrl == null ? null : session.login(account.getLocation(), accountKey).bindOrder(orderUrl);
                if (order != null && order.getStatus() == Status.INVALID) order = null;
                if (order == null) {
                    order = account.newOrder().identifier(Identifier.ip("127.0.0.1")).create();
                    orderUrl = order.getLocation();
                    ordersCreated.incrementAndGet();
                }
                if (order.getStatus() == Status.PENDING) {
                    for (Authorization authz : order.getAuthorizations()) {
                        if (authz.getStatus() != Status.PENDING) continue;
                        Http01Challenge challenge = authz.findChallenge(Http01Challenge.class).orElseThrow();
                        http.publish(challenge.getToken(), challenge.getAuthorization());
                        if (challenge.getStatus() == Status.PENDING) challenge.trigger();
                        authz.waitForCompletion(WAIT);
                    }
                    order.waitUntilReady(WAIT);
                }
                if (order.getStatus() == Status.READY) order.execute(KeyType.EC_P256.generate());
                if (order.waitForCompletion(WAIT) == Status.VALID) {
                    List<X509Certificate> chain = order.getCertificate().getCertificateChain();
                    ChainVerifier.verify(chain, List.of(root), "127.0.0.1", Instant.now());
                    return chain.get(0);
                }
                orderUrl = null; // the order failed: a new one next time
            } catch (Exception e) {
                last = e;
            }
            retries.incrementAndGet();
            Thread.sleep(ThreadLocalRandom.current().nextLong(100, 500));
        }
        throw new AssertionError("The client got no certificate after 40 attempts.", last);
    }

    private static void configure(CaHome home, int port, CaConfig.Db db, int http01) throws IOException {
        CaConfig c = CaConfigFile.load(home.config());
        CaConfig changed = new CaConfig("127.0.0.1:" + port, c.dnsNames(), c.root(), c.crt(), c.key(), db, c.tls(),
                c.authority(), c.logger(), new CaConfig.Acme(new CaConfig.Validation(http01, Ports.free(), List.of(),
                        Duration.ofSeconds(3))), c.crl());
        SecureFiles.writeAtomically(home.config(), CaConfigFile.toJson(changed), SecureFiles.PUBLIC_READ);
    }

    private Process start(CaHome home, String name) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("signet.jar"), "ca", "start", "--home", home.dir().toString())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile()).start();
        processes.add(p);
        return p;
    }

    private static void awaitHealthy(int port, X509Certificate root, Process p) throws Exception {
        HttpClient client = Https.trusting(List.of(root));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the CA is running").isTrue();
            try {
                var r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            p.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("The CA on port " + port + " did not become healthy.");
    }

    /** The survivor's sweep finishes orders nobody polls any more; wait for it (bounded). */
    private static void awaitNoOrderProcessing(TestDatabase database) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long processing;
        do {
            try (Connection c = DriverManager.getConnection(database.jdbcUrl()); Statement s = c.createStatement()) {
                processing = count(s, "SELECT COUNT(*) FROM acme_orders WHERE status = 'PROCESSING'");
            }
            if (processing == 0) return;
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(processing + " orders are still processing " + WAIT + " after the clients finished.");
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
