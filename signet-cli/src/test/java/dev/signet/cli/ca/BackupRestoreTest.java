package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.testing.TestDatabase;
import dev.signet.ca.testing.TestPostgres;
import dev.signet.cli.CliRun;
import dev.signet.cli.Passwords;
import dev.signet.cli.acme.AcmeObtainer;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.pki.ChainVerifier;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.Http01Responder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * {@code signet ca backup} and {@code signet ca restore}, round trip: the restored CA serves, knows the certificates
 * issued before, and goes on issuing without reusing a serial or a CRL number; a wrong password and a changed archive
 * are refused before anything is written. On SQLite and PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class BackupRestoreTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    @Test
    void aRestoredCaKnowsItsCertificatesAndGoesOnIssuing() throws Exception {
        AcmeTrust.installBouncyCastle();
        TestDatabase database = TestDatabase.create(kind, dir);
        int http01 = SignetAcmeServer.freePort();
        Path password = dir.resolve("backup-password");
        Files.writeString(password, "correct horse battery\n");
        Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, "incorrect horse battery\n");
        Path archive = dir.resolve("backups/ca.signet-backup");
        X509Certificate before;
        long crlNumberBefore;
        try (Http01Responder http = new Http01Responder(new InetSocketAddress("127.0.0.1", http01))) {
            try (SignetAcmeServer original = SignetAcmeServer.start(dir.resolve("original"), http01, SignetAcmeServer.freePort(), null,
                    null, database.config(null))) {
                before = issue(original.directory("acme"), original.root(), http);
                crlNumberBefore = original.server().storage().nextCrlNumber();

                CliRun backup = CliRun.of("ca", "backup", "--home", original.home().dir().toString(), "--out", archive.toString(),
                        "--password-file", password.toString());
                assertThat(backup.exit()).as(backup.err()).isZero();
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
                assertThat(backup.out()).contains("SHA-256: " + sha256 + "  ca.signet-backup");
            }

            String restoredUrl = kind == TestDatabase.Kind.POSTGRESQL ? TestPostgres.newDatabase() : null;
            Path restoredHome = dir.resolve("restored");

            CliRun wrongPassword = restore(archive, restoredHome, wrong, restoredUrl);
            assertThat(wrongPassword.exit()).isEqualTo(1);
            assertThat(wrongPassword.err()).contains("The backup " + archive + " cannot be restored: The password does not open this backup.");
            assertThat(restoredHome).doesNotExist();

            Path tampered = dir.resolve("tampered");
            byte[] bytes = Files.readAllBytes(archive);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(tampered, bytes);
            CliRun changed = restore(tampered, restoredHome, password, restoredUrl);
            assertThat(changed.exit()).isEqualTo(1);
            assertThat(changed.err()).containsPattern("cannot be restored: Chunk \\d+ of the backup fails authentication; the file was changed or damaged.");
            assertThat(restoredHome).doesNotExist();

            CliRun restored = restore(archive, restoredHome, password, restoredUrl);
            assertThat(restored.exit()).as(restored.err()).isZero();
            assertThat(restored.out()).contains("Restored ").contains("start it with: signet ca start --home " + restoredHome.toAbsolutePath());
            CaHome home = new CaHome(restoredHome);
            assertThat(Files.getPosixFilePermissions(home.intermediateKey())).extracting(Object::toString)
                    .doesNotContain("GROUP_READ", "OTHERS_READ");
            CaConfig config = CaConfigFile.load(home.config());
            if (kind == TestDatabase.Kind.SQLITE) assertThat(config.db().dataSource()).isEqualTo("db/signet.db");
            else assertThat(config.db().dataSource()).isEqualTo(restoredUrl);

            try (CaServer server = CaServer.start(home, config, Passwords.fromFile(home.passwordFile()), Clock.systemUTC())) {
                X509Certificate root = Pem.readCertificate(home.rootCert());
                ChainVerifier.verify(List.of(before, Pem.readCertificate(home.intermediateCert())), List.of(root), "127.0.0.1", Instant.now());
                assertThat(server.storage().findCertificate(before.getSerialNumber())).as("the certificate issued before").isPresent();
                assertThat(server.storage().findOrderByCertificate(before.getSerialNumber())).isPresent();
                assertThat(server.storage().nextCrlNumber()).as("CRL numbers go on growing").isGreaterThan(crlNumberBefore);

                X509Certificate after = issue(URI.create("https://localhost:" + server.port() + "/acme/acme/directory"), root, http);
                assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
                assertThat(server.storage().countCertificates()).isGreaterThanOrEqualTo(2);
            }
        }
    }

    private static CliRun restore(Path archive, Path home, Path password, String dbUrl) {
        return dbUrl == null
                ? CliRun.of("ca", "restore", "--in", archive.toString(), "--home", home.toString(), "--password-file", password.toString())
                : CliRun.of("ca", "restore", "--in", archive.toString(), "--home", home.toString(), "--password-file", password.toString(),
                        "--db-url", dbUrl);
    }

    private static X509Certificate issue(URI directory, X509Certificate root, Http01Responder http) throws Exception {
        Session session = new Session(directory, AcmeTrust.trusting(List.of(root)));
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(KeyPairUtils.createECKeyPair("secp256r1")).create(session);
        return new AcmeObtainer(session, WAIT).obtain(account, List.of("127.0.0.1"), KeyType.EC_P256.generate(), http, null).get(0);
    }
}
