package dev.signet.cli.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.testing.Peers;
import dev.signet.ca.testing.Ports;
import dev.signet.cli.CliRun;
import dev.signet.cli.Https;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002 on a real cluster: three etcd members (real {@code etcd} processes on loopback) whose peer, server and client
 * certificates all come from a Signet CA through {@code signet ca certificate --provisioner}, with the root from
 * {@code signet ca bootstrap} as both trusted CAs and client certificates required on both sides. {@code etcdctl}
 * writes and reads; every server and peer certificate is renewed with {@code signet ca renew --force} while the
 * cluster runs, and each port then serves the new certificate without a restart (etcd 3.4 reads its certificate files
 * on every TLS handshake); a revoked client certificate can no longer renew, and once the CA's CRL is in etcd's
 * {@code --client-crl-file} (read on every connection) etcd refuses it.
 */
class EtcdClusterTest {
    private static final Duration READY = Duration.ofSeconds(30);

    @TempDir static Path dir;
    static SignetAcmeServer ca;
    static Path home;
    static Path password;
    static Path ssl;
    static Path root;
    static Path crl;
    static final List<Member> members = new ArrayList<>();
    static final List<Process> etcds = new ArrayList<>();

    /** One etcd member: its name, loopback ports and certificate files ({@code etcd-1-server.crt} etc., as in seed 002). */
    record Member(String name, int clientPort, int peerPort) {
        Path crt(String kind) {
            return ssl.resolve(name + "-" + kind + ".crt");
        }

        Path key(String kind) {
            return ssl.resolve(name + "-" + kind + ".key");
        }

        String clientUrl() {
            return "https://127.0.0.1:" + clientPort;
        }

        String peerUrl() {
            return "https://127.0.0.1:" + peerPort;
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        Peers.requireTool("etcd");
        Peers.requireTool("etcdctl");
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null);
        home = dir.resolve("signet-home");
        password = dir.resolve("provisioner-password");
        Files.writeString(password, SignetAcmeServer.JWK_PASSWORD);
        ok(cli("ca", "bootstrap", "--ca-url", ca.baseUrl(), "--fingerprint", Fingerprints.sha256(ca.root()), "--home", home.toString()));
        root = home.resolve("certs/root_ca.crt");
        ssl = Files.createDirectories(dir.resolve("etc/etcd/ssl"));
        crl = ssl.resolve("crl.pem");
        fetchCrl();
        for (int i = 1; i <= 3; i++) {
            Member m = new Member("etcd-" + i, Ports.free(), Ports.free());
            members.add(m);
            for (String kind : List.of("server", "peer")) obtain(m.name(), m.crt(kind), m.key(kind), "localhost", "127.0.0.1");
        }
        obtain("etcd-client", client("crt"), client("key"));
        String cluster = members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
        for (Member m : members) etcds.add(startEtcd(m, cluster));
        await("all three members healthy", () -> etcdctl("endpoint", "health").exit() == 0);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Process p : etcds) p.destroy();
        for (Process p : etcds) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (ca != null) ca.close();
    }

    @Test
    void etcdctlWorksAndRenewalWhileRunningIsServedWithoutARestart() throws Exception {
        Result put = etcdctl("put", "/signet/proof", "before-renewal");
        assertThat(put.exit()).as(put.output()).isZero();
        assertThat(etcdctl("get", "/signet/proof", "--print-value-only").output()).isEqualTo("before-renewal\n");
        assertThat(etcdctl("member", "list").output()).contains("etcd-1", "etcd-2", "etcd-3");

        Map<String, BigInteger> before = served();
        assertThat(before.values()).as("each port serves its own certificate").doesNotHaveDuplicates();
        for (Member m : members) {
            assertThat(before.get(m.name() + " client")).isEqualTo(serial(m.crt("server")));
            assertThat(before.get(m.name() + " peer")).isEqualTo(serial(m.crt("peer")));
        }

        for (Member m : members) {
            for (String kind : List.of("server", "peer")) ok(cli("ca", "renew", m.crt(kind).toString(), m.key(kind).toString(), "--force", "--home", home.toString()));
        }
        Map<String, BigInteger> renewed = new LinkedHashMap<>();
        for (Member m : members) {
            renewed.put(m.name() + " client", serial(m.crt("server")));
            renewed.put(m.name() + " peer", serial(m.crt("peer")));
        }
        assertThat(renewed.values()).doesNotContainAnyElementsOf(before.values());
        // no restart and no signal: the next handshake on every port already presents the renewed certificate
        assertThat(served()).isEqualTo(renewed);
        for (Process p : etcds) assertThat(p.isAlive()).isTrue();

        Result health = etcdctl("endpoint", "health");
        assertThat(health.exit()).as(health.output()).isZero();
        Result put2 = etcdctl("put", "/signet/proof", "after-renewal");
        assertThat(put2.exit()).as(put2.output()).isZero();
        for (Member m : members) {
            Result get = etcdctl(List.of(m.clientUrl()), "get", "/signet/proof", "--print-value-only");
            assertThat(get.output()).as(m.name()).isEqualTo("after-renewal\n");
        }
    }

    @Test
    void aRevokedClientCertificateCannotRenewAndEtcdRefusesItOnceTheCrlIsFetched() throws Exception {
        Path crt = ssl.resolve("etcd-client-revoked.crt");
        Path key = ssl.resolve("etcd-client-revoked.key");
        obtain("etcd-client-revoked", crt, key);
        Result health = etcdctl(List.of(members.get(0).clientUrl()), crt, key, "endpoint", "health");
        assertThat(health.exit()).as(health.output()).isZero();

        ok(cli("ca", "revoke", "--cert", crt.toString(), "--key", key.toString(), "--reason", "1", "--home", home.toString()));
        CliRun renew = cli("ca", "renew", crt.toString(), key.toString(), "--force", "--home", home.toString());
        assertThat(renew.exit()).isOne();
        assertThat(renew.err()).isEqualTo("error: The CA at " + ca.baseUrl() + " refused /1.0/renew: The certificate "
                + serial(crt) + " is revoked and cannot be renewed.\n");

        fetchCrl();
        Result refused = etcdctl(List.of(members.get(0).clientUrl()), crt, key, "get", "/signet/proof");
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        // etcd prints the serial with its leading zero digits (02390c...), BigInteger.toString(16) without (2390c...)
        java.util.regex.Pattern refusal = java.util.regex.Pattern.compile(
                "certificate serial 0*" + serial(crt).toString(16) + " revoked");
        for (int i = 0; i < 100 && !refusal.matcher(Files.readString(log(members.get(0)))).find(); i++) {
            Thread.sleep(50); // etcd writes its log after it has closed the refused connection
        }
        assertThat(Files.readString(log(members.get(0)))).containsPattern(refusal);
        Result others = etcdctl(List.of(members.get(0).clientUrl()), "endpoint", "health");
        assertThat(others.exit()).as("a certificate that is not revoked still works: %s", others.output()).isZero();
    }

    // ---- helpers ----

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static void ok(CliRun run) {
        assertThat(run.exit()).as("%s%s", run.out(), run.err()).isZero();
    }

    /** Writes the CA's current CRL ({@code GET /crl?pem}) to etcd's {@code --client-crl-file}. */
    static void fetchCrl() {
        var r = Https.get(Https.trusting(List.of(ca.root())), ca.baseUrl() + "/crl?pem");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        SecureFiles.writeAtomically(crl, r.body().getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC_READ);
    }

    static Path client(String ext) {
        return ssl.resolve("etcd-client." + ext);
    }

    /** {@code signet ca certificate NAME CRT KEY --provisioner node --password-file ...} with the bootstrapped defaults. */
    static void obtain(String name, Path crt, Path key, String... sans) {
        List<String> args = new ArrayList<>(List.of("ca", "certificate", name, crt.toString(), key.toString(),
                "--provisioner", "node", "--password-file", password.toString(), "--home", home.toString()));
        for (String san : sans) args.addAll(List.of("--san", san));
        ok(cli(args.toArray(String[]::new)));
    }

    static Process startEtcd(Member m, String cluster) throws IOException {
        List<String> command = List.of("etcd", "--name", m.name(), "--data-dir", dir.resolve(m.name() + ".etcd").toString(),
                "--listen-client-urls", m.clientUrl(), "--advertise-client-urls", m.clientUrl(),
                "--listen-peer-urls", m.peerUrl(), "--initial-advertise-peer-urls", m.peerUrl(),
                "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", "signet-etcd-proof",
                "--cert-file", m.crt("server").toString(), "--key-file", m.key("server").toString(),
                "--trusted-ca-file", root.toString(), "--client-cert-auth",
                "--peer-cert-file", m.crt("peer").toString(), "--peer-key-file", m.key("peer").toString(),
                "--peer-trusted-ca-file", root.toString(), "--peer-client-cert-auth", "--client-crl-file", crl.toString(),
                "--logger", "zap", "--log-outputs", "stderr");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(m).toFile()).start();
    }

    static Path log(Member m) {
        return dir.resolve(m.name() + ".log");
    }

    record Result(int exit, String output) {}

    static Result etcdctl(String... args) throws Exception {
        return etcdctl(members.stream().map(Member::clientUrl).toList(), args);
    }

    static Result etcdctl(List<String> endpoints, String... args) throws Exception {
        return etcdctl(endpoints, client("crt"), client("key"), args);
    }

    /** {@code ETCDCTL_API=3 etcdctl --endpoints ... --cacert ROOT --cert CRT --key KEY ARGS}, bounded to 20 s. */
    static Result etcdctl(List<String> endpoints, Path crt, Path key, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints", String.join(",", endpoints),
                "--cacert", root.toString(), "--cert", crt.toString(), "--key", key.toString(),
                "--dial-timeout", "3s", "--command-timeout", "5s"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("etcdctl %s finished", command).isTrue();
        return new Result(p.exitValue(), output);
    }

    /**
     * The serial each member's client and peer port presents in a fresh mTLS handshake (verified against the root), as
     * etcdctl (client certificate) and as a peer (etcd-1's peer certificate: etcd's peer listener also checks that a
     * peer's certificate names the address it connects from); new contexts each time, so that no TLS session is
     * resumed with the certificate of an earlier handshake.
     */
    static Map<String, BigInteger> served() throws Exception {
        var asClient = mutualTls(client("crt"), client("key"));
        var asPeer = mutualTls(members.get(0).crt("peer"), members.get(0).key("peer"));
        Map<String, BigInteger> serials = new LinkedHashMap<>();
        for (Member m : members) {
            serials.put(m.name() + " client", servedSerial(asClient, m.clientPort()));
            serials.put(m.name() + " peer", servedSerial(asPeer, m.peerPort()));
        }
        return serials;
    }

    private static javax.net.ssl.SSLContext mutualTls(Path crt, Path key) {
        return Https.mutual(Pem.readCertificates(crt), Pem.readPrivateKey(key, null), List.of(Pem.readCertificate(root))).sslContext();
    }

    private static BigInteger servedSerial(javax.net.ssl.SSLContext tls, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    static BigInteger serial(Path crt) {
        return Pem.readCertificates(crt).get(0).getSerialNumber();
    }

    /** Polls {@code condition} until it holds, for at most {@link #READY}; fails with the etcd logs' tails otherwise. */
    static void await(String what, Check condition) throws Exception {
        Instant deadline = Instant.now().plus(READY);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : etcds) assertThat(p.isAlive()).as("etcd runs: %s", logs()).isTrue();
            if (condition.holds()) return;
            etcds.get(0).waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("Not so within " + READY.toSeconds() + " s: " + what + "\n" + logs());
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Member m : members) {
            List<String> lines = Files.exists(log(m)) ? Files.readAllLines(log(m)) : List.of();
            b.append("--- ").append(m.name()).append('\n');
            lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }
}
