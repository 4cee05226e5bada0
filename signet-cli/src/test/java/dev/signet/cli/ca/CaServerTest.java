package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.testing.Peers;
import dev.signet.cli.CliRun;
import dev.signet.cli.Https;
import dev.signet.cli.Passwords;
import dev.signet.pki.ChainVerifier;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA server over real HTTPS on a loopback port: a client that trusts only the CA's root, the CLI's online commands,
 * and openssl as an outside peer verifying the served chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaServerTest {
    @TempDir static Path dir;
    CaHome home;
    CaServer server;
    HttpClient client;
    String url;
    X509Certificate root;

    @BeforeAll
    void start() throws Exception {
        home = new CaHome(dir.resolve("home"));
        CliRun init = CliRun.of("ca", "init", "--home", home.dir().toString(), "--name", "Loopback CA",
                "--dns", "localhost,127.0.0.1", "--address", "127.0.0.1:0");
        assertThat(init.exit()).as(init.err()).isZero();
        server = CaServer.start(home, CaConfigFile.load(home.config()), Passwords.fromFile(home.passwordFile()), Clock.systemUTC());
        root = Pem.readCertificate(home.rootCert());
        client = Https.trusting(List.of(root));
        url = "https://localhost:" + server.port();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void healthIsOkOverHttpsTrustingOnlyTheRoot() throws Exception {
        HttpResponse<String> r = Https.get(client, url + "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void servedChainVerifiesToTheRootForLocalhostAndLoopbackIp() {
        X509Certificate[] chain = Https.peerChain("127.0.0.1", server.port());
        assertThat(chain).hasSize(2);
        assertThat(chain[1]).isEqualTo(Pem.readCertificate(home.intermediateCert()));
        List<X509Certificate> path = ChainVerifier.verify(Arrays.asList(chain), List.of(root), "localhost", Instant.now());
        assertThat(path.get(path.size() - 1)).isEqualTo(root);
        ChainVerifier.verify(Arrays.asList(chain), List.of(root), "127.0.0.1", Instant.now());
        assertThat(chain[0].getSubjectX500Principal().getName()).isEmpty();
        assertThat(server.storage().findCertificate(chain[0].getSerialNumber())).isPresent();
    }

    @Test
    void openSslVerifiesTheServedLeaf() throws Exception {
        X509Certificate leaf = Https.peerChain("localhost", server.port())[0];
        Path served = Files.writeString(dir.resolve("served.pem"), Pem.encodeCertificate(leaf));
        Peers.Result r = Peers.run(List.of("openssl", "verify", "-CAfile", home.rootCert().toString(),
                "-untrusted", home.intermediateCert().toString(), served.toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().trim()).isEqualTo(served + ": OK");
    }

    @Test
    void rootsAndIntermediatesAnswerAsStepCaDoes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String rootPem = Pem.encodeCertificate(root);
        JsonNode roots = json.readTree(Https.get(client, url + "/roots").body());
        assertThat(roots.path("crts")).hasSize(1);
        assertThat(roots.path("crts").get(0).asText()).isEqualTo(rootPem);
        assertThat(Https.get(client, url + "/roots.pem").body()).isEqualTo(rootPem);
        JsonNode byFingerprint = json.readTree(Https.get(client, url + "/root/" + Fingerprints.sha256(root)).body());
        assertThat(byFingerprint.path("ca").asText()).isEqualTo(rootPem);
        assertThat(Https.get(client, url + "/intermediates.pem").body())
                .isEqualTo(Pem.encodeCertificate(Pem.readCertificate(home.intermediateCert())));
        JsonNode version = json.readTree(Https.get(client, url + "/version").body());
        assertThat(version.path("requireClientAuthentication").asBoolean(true)).isFalse();
    }

    @Test
    void unknownRootAndPathAreProblemDocuments() {
        HttpResponse<String> r = Https.get(client, url + "/root/" + "00".repeat(32));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(r.body()).isEqualTo("{\"type\":\"urn:ietf:params:acme:error:malformed\",\"detail\":\"No root certificate has the fingerprint "
                + "00".repeat(32) + ".\",\"status\":404}");
        HttpResponse<String> bad = Https.get(client, url + "/root/xyz");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Https.get(client, url + "/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsCountRequestsPerRouteAndIssuances() {
        Https.get(client, url + "/health");
        String metrics = Https.get(client, url + "/metrics").body();
        assertThat(metrics).contains("signet_http_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}");
        assertThat(metrics).contains("signet_http_requests_seconds_bucket{method=\"GET\",route=\"/health\",status=\"200\"");
        assertThat(metrics).containsPattern("signet_certificates_issued_total\\{provisioner=\"signet-server\"} [1-9]");
    }

    @Test
    void cliHealthAndRootCommandsTalkToTheServer() {
        CliRun health = CliRun.of("ca", "health", "--ca-url", url, "--root", home.rootCert().toString());
        assertThat(health.exit()).as(health.err()).isZero();
        assertThat(health.out()).isEqualTo("ok\n");

        Path out = dir.resolve("downloaded-root.crt");
        CliRun fetched = CliRun.of("ca", "root", out.toString(), "--ca-url", url, "--fingerprint", Fingerprints.sha256(root));
        assertThat(fetched.exit()).as(fetched.err()).isZero();
        assertThat(Pem.readCertificate(out)).isEqualTo(root);

        String wrong = "ab".repeat(32);
        CliRun refused = CliRun.of("ca", "root", dir.resolve("wrong.crt").toString(), "--ca-url", url, "--fingerprint", wrong);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: The CA at " + url + " has no root with fingerprint " + wrong + " (status 404).\n");
        assertThat(dir.resolve("wrong.crt")).doesNotExist();
    }

    @Test
    void healthCommandRejectsAServerOutsideTheGivenRoot() {
        Path otherRoot = dir.resolve("other.crt");
        assertThat(CliRun.of("certificate", "create", "Other", otherRoot.toString(), dir.resolve("other.key").toString(), "--profile", "root-ca").exit()).isZero();
        CliRun r = CliRun.of("ca", "health", "--ca-url", url, "--root", otherRoot.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: The TLS handshake with " + url + "/health failed: ");
    }

    @Test
    void serverCertificateRenewalIsServedToNewConnections() throws Exception {
        X509Certificate before = Https.peerChain("localhost", server.port())[0];
        server.http().renewServerCertificate();
        X509Certificate after = Https.peerChain("localhost", server.port())[0];
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(Https.get(client, url + "/health").statusCode()).isEqualTo(200);
    }
}
