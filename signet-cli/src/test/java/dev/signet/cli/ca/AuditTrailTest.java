package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.cli.CliRun;
import dev.signet.cli.Https;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.pki.CertificationRequests;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.KeyType;
import dev.signet.pki.SubjectName;
import dev.signet.pki.Pem;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail end to end (issue 6, "Audit and history"): issuance, renewal, revocation, a provisioner change and
 * refused requests are recorded in the database, and every event the database holds is also a JSON line in
 * {@code logger.audit.file}, including the events the storage writes together with the change they record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static SignetAcmeServer ca;
    static Path node;
    static Path password;

    @BeforeAll
    static void start() throws Exception {
        ca = SignetAcmeServer.start(dir.resolve("ca"), SignetAcmeServer.freePort(), SignetAcmeServer.freePort(), null);
        node = dir.resolve("node");
        password = dir.resolve("pw");
        Files.writeString(password, SignetAcmeServer.JWK_PASSWORD);
        CliRun boot = CliRun.of("ca", "bootstrap", "--ca-url", ca.baseUrl(), "--fingerprint", Fingerprints.sha256(ca.root()), "--home", node.toString());
        assertThat(boot.exit()).as(boot.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (ca != null) ca.close();
    }

    @Test
    void everyChangeAndEveryRefusedRequestIsInTheDatabaseAndTheAuditFile() throws Exception {
        Path crt = dir.resolve("a.crt");
        Path key = dir.resolve("a.key");
        CliRun issue = CliRun.of("ca", "certificate", "audit.example.test", crt.toString(), key.toString(), "--provisioner", "node",
                "--password-file", password.toString(), "--home", node.toString());
        assertThat(issue.exit()).as(issue.err()).isZero();
        X509Certificate first = Pem.readCertificates(crt).get(0);
        CliRun renew = CliRun.of("ca", "renew", crt.toString(), key.toString(), "--force", "--home", node.toString());
        assertThat(renew.exit()).as(renew.err()).isZero();
        X509Certificate renewed = Pem.readCertificates(crt).get(0);
        CliRun revoke = CliRun.of("ca", "revoke", "--cert", crt.toString(), "--key", key.toString(), "--reason", "4", "--home", node.toString());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        Path edgePassword = dir.resolve("edge.pass");
        Files.writeString(edgePassword, "edge-password");
        CliRun add = CliRun.of("ca", "provisioner", "add", "edge", "--type", "JWK", "--password-file", edgePassword.toString(),
                "--ca-url", ca.baseUrl(), "--home", ca.home().dir().toString());
        assertThat(add.exit()).as(add.err()).isZero();

        HttpClient anonymous = Https.trusting(List.of(ca.root()));
        assertThat(Https.get(anonymous, ca.baseUrl() + "/admin/provisioners").statusCode()).isEqualTo(401);
        String csr = Pem.encodeCsr(CertificationRequests.create(KeyType.EC_P256.generate(), List.of(SubjectName.dns("forged.example.test"))));
        HttpResponse<String> badToken = Https.postJson(anonymous, ca.baseUrl() + "/sign",
                JSON.writeValueAsString(java.util.Map.of("csr", csr, "ott", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln")));
        assertThat(badToken.statusCode()).as(badToken.body()).isIn(401, 403);

        List<AuditEvent> stored = ca.server().storage().recentAuditEvents(1000);
        List<String> storedActions = stored.stream().map(e -> e.action() + " " + e.target()).toList();
        assertThat(storedActions).contains(
                "certificate.issue " + first.getSerialNumber(),
                "certificate.renew " + renewed.getSerialNumber(),
                "certificate.revoke " + renewed.getSerialNumber(),
                "admin.provisioner.add provisioner:edge",
                "auth.failure GET /admin/provisioners",
                "auth.failure POST /sign");
        AuditEvent renewal = stored.stream().filter(e -> e.action().equals("certificate.renew")).findFirst().orElseThrow();
        assertThat(renewal.detail()).endsWith(" renews=" + first.getSerialNumber());
        AuditEvent refused = stored.stream().filter(e -> e.target().equals("GET /admin/provisioners")).findFirst().orElseThrow();
        assertThat(refused.actor()).isEqualTo("remote:127.0.0.1");
        assertThat(refused.outcome()).isEqualTo("failure");
        assertThat(refused.detail()).isEqualTo("urn:ietf:params:acme:error:unauthorized: The admin API needs the admin certificate over mTLS.");

        List<String> lines = Files.readAllLines(ca.home().dir().resolve("logs/audit.log"));
        List<String> inFile = new ArrayList<>();
        for (String line : lines) {
            JsonNode j = JSON.readTree(line);
            assertThat(j.fieldNames()).toIterable().containsExactly("time", "actor", "action", "target", "outcome", "detail");
            inFile.add(j.get("time").asText() + " " + j.get("actor").asText() + " " + j.get("action").asText() + " " + j.get("target").asText()
                    + " " + j.get("outcome").asText() + " " + j.get("detail").asText());
        }
        List<String> inDatabase = stored.stream().map(e -> e.at() + " " + e.actor() + " " + e.action() + " " + e.target() + " "
                + e.outcome() + " " + e.detail()).toList();
        assertThat(inFile).as("the audit file holds exactly the database's events").containsExactlyInAnyOrderElementsOf(inDatabase);
    }
}
