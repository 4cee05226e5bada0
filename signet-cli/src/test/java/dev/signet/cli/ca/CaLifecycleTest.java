package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.cli.CliRun;
import dev.signet.cli.Https;
import dev.signet.cli.Passwords;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart keeps the CA and its database; a database that stops answering makes /health say 503 with a reason. */
class CaLifecycleTest {
    @TempDir Path dir;

    @Test
    void restartKeepsTheSameCaAndDatabase() throws Exception {
        CaHome home = init("restart");
        String fingerprint;
        long countAfterFirst;
        try (CaServer first = start(home)) {
            fingerprint = Fingerprints.sha256(first.root());
            countAfterFirst = first.storage().countCertificates();
        }
        assertThat(countAfterFirst).as("the admin certificate and the first server certificate").isEqualTo(2);
        try (CaServer second = start(home)) {
            assertThat(Fingerprints.sha256(second.root())).isEqualTo(fingerprint);
            assertThat(second.storage().countCertificates()).as("plus the second server certificate; the admin one is stored once").isEqualTo(3);
            assertThat(second.storage().recentAuditEvents(10)).extracting(e -> e.action())
                    .containsSubsequence("ca.start", "certificate.issue", "ca.stop", "ca.start", "certificate.issue");
        }
        assertThat(Files.readAllLines(home.resolve("logs/audit.log"))).as("admin certificate stored once, two server certificates, two starts, two stops").hasSize(7);
    }

    @Test
    void healthIs503WithAReasonWhenTheDatabaseIsGone() throws Exception {
        CaHome home = init("health");
        try (CaServer server = start(home)) {
            var client = Https.trusting(List.of(Pem.readCertificate(home.rootCert())));
            String url = "https://localhost:" + server.port() + "/health";
            assertThat(Https.get(client, url).statusCode()).isEqualTo(200);
            server.storage().close();
            HttpResponse<String> r = Https.get(client, url);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"reason\":\"The database is closed.\"}");
            CliRun cli = CliRun.of("ca", "health", "--ca-url", "https://localhost:" + server.port(), "--root", home.rootCert().toString());
            assertThat(cli.exit()).isEqualTo(1);
            assertThat(cli.err()).isEqualTo("error: The CA at https://localhost:" + server.port() + " is not healthy: The database is closed.\n");
        }
    }

    @Test
    void startWithoutACaSaysWhatToDo() {
        CliRun r = CliRun.of("ca", "start", "--home", dir.resolve("empty").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: No CA in " + dir.resolve("empty").toAbsolutePath()
                + "; run `signet ca init` first, or set SIGNET_INIT_NAME to initialise one on first start.\n");
    }

    @Test
    void badConfigIsOneSentenceNamingKeyAndFile() throws Exception {
        CaHome home = init("badconfig");
        String json = Files.readString(home.config()).replace("\"minTLSCertDuration\" : \"5m\"", "\"minTLSCertDuration\" : \"5 minutes\"");
        Files.writeString(home.config(), json);
        CliRun r = CliRun.of("ca", "start", "--home", home.dir().toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: The value of \"authority.claims.minTLSCertDuration\" in " + home.config()
                + " is invalid: \"5 minutes\" is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms).\n");
    }

    @Test
    void initRefusesAnExistingCaAndForceReplacesIt() {
        CaHome home = init("twice");
        String before = Fingerprints.sha256(Pem.readCertificate(home.rootCert()));
        CliRun again = CliRun.of("ca", "init", "--home", home.dir().toString(), "--name", "Again");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: The CA home " + home.dir() + " already holds a CA; use --force to replace it.\n");
        CliRun forced = CliRun.of("ca", "init", "--home", home.dir().toString(), "--name", "Again", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Fingerprints.sha256(Pem.readCertificate(home.rootCert()))).isNotEqualTo(before);
    }

    private CaHome init(String name) {
        CaHome home = new CaHome(dir.resolve(name));
        CliRun r = CliRun.of("ca", "init", "--home", home.dir().toString(), "--name", "Lifecycle CA", "--address", "127.0.0.1:0");
        assertThat(r.exit()).as(r.err()).isZero();
        return home;
    }

    private static CaServer start(CaHome home) throws Exception {
        return CaServer.start(home, CaConfigFile.load(home.config()), Passwords.fromFile(home.passwordFile()), Clock.systemUTC());
    }
}
