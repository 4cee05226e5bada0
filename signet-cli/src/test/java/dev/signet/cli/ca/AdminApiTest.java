package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.cli.CliRun;
import dev.signet.cli.Https;
import dev.signet.cli.Passwords;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over mTLS with the admin certificate from {@code ca init}: authorization, provisioners added, changed
 * and removed through {@code signet ca provisioner --ca-url} in force at once on this instance and, within seconds, on
 * a second instance sharing the database, all audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static SignetAcmeServer ca;
    static CaServer second;
    static Path node;
    static Path password;

    @BeforeAll
    static void start() throws Exception {
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null);
        CaConfig c = CaConfigFile.load(ca.home().config());
        CaConfig other = new CaConfig("127.0.0.1:" + SignetAcmeServer.freePort(), c.dnsNames(), c.root(), c.crt(), c.key(), c.db(), c.tls(),
                c.authority(), c.logger(), c.acme(), c.crl());
        second = CaServer.start(ca.home(), other, Passwords.fromFile(ca.home().passwordFile()), Clock.systemUTC());
        node = dir.resolve("node");
        password = dir.resolve("edge.pass");
        Files.writeString(password, "edge-password");
        CliRun boot = CliRun.of("ca", "bootstrap", "--ca-url", ca.baseUrl(), "--fingerprint", Fingerprints.sha256(ca.root()), "--home", node.toString());
        assertThat(boot.exit()).as(boot.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (second != null) second.close();
        if (ca != null) ca.close();
    }

    private static HttpClient admin() {
        return Https.mutual(Pem.readCertificates(ca.home().adminCert()), Pem.readPrivateKey(ca.home().adminKey(), null), List.of(ca.root()));
    }

    private static CliRun provisioner(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("ca", "provisioner"));
        all.addAll(List.of(args));
        all.addAll(List.of("--ca-url", ca.baseUrl(), "--home", ca.home().dir().toString()));
        return CliRun.of(all.toArray(new String[0]));
    }

    @Test
    void onlyTheAdminCertificateMayUseTheAdminApi() throws Exception {
        HttpResponse<String> anonymous = Https.get(Https.trusting(List.of(ca.root())), ca.baseUrl() + "/admin/provisioners");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).get("detail").asText()).isEqualTo("The admin API needs the admin certificate over mTLS.");

        Path crt = dir.resolve("plain.crt");
        Path key = dir.resolve("plain.key");
        CliRun cert = CliRun.of("ca", "certificate", "plain.example.test", crt.toString(), key.toString(), "--provisioner", "node",
                "--password-file", writePassword(SignetAcmeServer.JWK_PASSWORD).toString(), "--home", node.toString());
        assertThat(cert.exit()).as(cert.err()).isZero();
        HttpClient nonAdmin = Https.mutual(Pem.readCertificates(crt), Pem.readPrivateKey(key, null), List.of(ca.root()));
        HttpResponse<String> refused = Https.get(nonAdmin, ca.baseUrl() + "/admin/provisioners");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).endsWith("is not an admin certificate.");

        HttpResponse<String> ok = Https.get(admin(), ca.baseUrl() + "/admin/provisioners");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode first = JSON.readTree(ok.body()).get("provisioners").get(0);
        assertThat(first.get("source").asText()).isEqualTo("config");
    }

    @Test
    void aProvisionerAddedChangedAndRemovedIsInForceWithoutRestartOnEveryInstance() throws Exception {
        CliRun add = provisioner("add", "edge", "--type", "JWK", "--password-file", password.toString(), "--x509-default-dur", "6h");
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).isEqualTo("Added provisioner edge. It is in force now.\n");

        X509Certificate first = obtain("edge-1.example.test");
        assertThat(lifetime(first)).isEqualTo(Duration.ofHours(6).plusMinutes(1));
        // the second instance shares the database: it sees the new provisioner within its check interval
        String secondUrl = "https://localhost:" + second.port();
        JsonNode listed = null;
        for (int i = 0; i < 100 && listed == null; i++) {
            JsonNode all = JSON.readTree(Https.get(Https.trusting(List.of(ca.root())), secondUrl + "/provisioners?limit=100").body());
            for (JsonNode p : all.get("provisioners")) if (p.get("name").asText().equals("edge")) listed = p;
            if (listed == null) Thread.sleep(50);
        }
        assertThat(listed).as("the second instance lists edge").isNotNull();

        CliRun update = provisioner("update", "edge", "--x509-default-dur", "2h");
        assertThat(update.exit()).as(update.err()).isZero();
        assertThat(lifetime(obtain("edge-2.example.test"))).isEqualTo(Duration.ofHours(2).plusMinutes(1));

        CliRun remove = provisioner("remove", "edge");
        assertThat(remove.exit()).as(remove.err()).isZero();
        CliRun refused = CliRun.of("ca", "certificate", "edge-3.example.test", dir.resolve("e3.crt").toString(), dir.resolve("e3.key").toString(),
                "--provisioner", "edge", "--password-file", password.toString(), "--home", node.toString());
        assertThat(refused.exit()).isOne();
        assertThat(refused.err()).isEqualTo("error: The CA at " + ca.baseUrl() + " has no provisioner named \"edge\".\n");

        List<String> actions = ca.server().storage().recentAuditEvents(50).stream()
                .filter(e -> e.action().startsWith("admin.provisioner.")).map(e -> e.action() + " " + e.target()).toList();
        assertThat(actions).contains("admin.provisioner.add provisioner:edge", "admin.provisioner.update provisioner:edge",
                "admin.provisioner.remove provisioner:edge");
        AuditEvent added = ca.server().storage().recentAuditEvents(50).stream().filter(e -> e.action().equals("admin.provisioner.add")).findFirst().orElseThrow();
        assertThat(added.actor()).isEqualTo("admin:" + Pem.readCertificates(ca.home().adminCert()).get(0).getSerialNumber());
    }

    @Test
    void configProvisionersCannotBeChangedThroughTheApi() {
        CliRun update = provisioner("update", "node", "--x509-default-dur", "2h");
        assertThat(update.exit()).isOne();
        assertThat(update.err()).contains("The provisioner \"node\" is defined in config/ca.json; change it there.");
        CliRun bad = provisioner("add", "broken", "--type", "ACME", "--x509-default-dur", "900h");
        assertThat(bad.exit()).isOne();
        assertThat(bad.err()).contains("is outside minTLSCertDuration");
    }

    private static X509Certificate obtain(String name) {
        Path crt = dir.resolve(name + ".crt");
        CliRun cert = CliRun.of("ca", "certificate", name, crt.toString(), dir.resolve(name + ".key").toString(), "--provisioner", "edge",
                "--password-file", password.toString(), "--home", node.toString());
        assertThat(cert.exit()).as(cert.err()).isZero();
        return Pem.readCertificates(crt).get(0);
    }

    private static Path writePassword(String p) throws Exception {
        Path f = Files.createTempFile(dir, "pw", "");
        Files.writeString(f, p);
        return f;
    }

    private static Duration lifetime(X509Certificate c) {
        return Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }
}
