package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.testing.Ports;
import dev.signet.cli.CliRun;
import dev.signet.cli.Passwords;
import dev.signet.cli.acme.SignetAcmeServer;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook of docs/operations.md, scenario 3: {@code scripts/recover-keys.sh} puts lost or damaged CA keys back
 * from a backup and keeps the database, which is newer than the backup; a backup of another CA is refused without a
 * change.
 */
class KeyRecoveryIT {
    @TempDir
    Path dir;

    @Test
    void lostKeysComeBackAndTheCertificatesIssuedSinceTheBackupStayKnown() throws Exception {
        Path password = backupPassword();
        Path jwkPassword = dir.resolve("jwk-password");
        Files.writeString(jwkPassword, SignetAcmeServer.JWK_PASSWORD);
        Path archive = dir.resolve("ca.signet-backup");
        Path node = dir.resolve("node");
        CaHome home;
        X509Certificate before;
        X509Certificate after;
        try (SignetAcmeServer ca = SignetAcmeServer.start(dir.resolve("ca"), Ports.free(), Ports.free(), null)) {
            home = ca.home();
            CliRun boot = CliRun.of("ca", "bootstrap", "--ca-url", ca.baseUrl(), "--fingerprint", Fingerprints.sha256(ca.root()),
                    "--home", node.toString());
            assertThat(boot.exit()).as(boot.err()).isZero();
            before = obtain(node, jwkPassword, "before.example.test");
            CliRun backup = CliRun.of("ca", "backup", "--home", home.dir().toString(), "--out", archive.toString(), "--password-file",
                    password.toString());
            assertThat(backup.exit()).as(backup.err()).isZero();
            after = obtain(node, jwkPassword, "after.example.test");
        }

        byte[] rootKey = Files.readAllBytes(home.rootKey());
        byte[] intermediateKey = Files.readAllBytes(home.intermediateKey());
        Files.delete(home.intermediateKey());
        Files.setPosixFilePermissions(home.rootKey(), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(home.rootKey(), "not a key\n");
        Map<String, String> database = contents(home.db());
        Map<String, String> config = contents(home.dir().resolve("config"));

        CliRun broken = CliRun.of("ca", "start", "--home", home.dir().toString());
        assertThat(broken.exit()).as(broken.err()).isEqualTo(1);
        assertThat(broken.err()).contains("The key file " + home.intermediateKey() + " does not exist.");

        RunbookScript.Result recovered = script("recover-keys.sh", archive.toString(), password.toString(), home.dir().toString());
        assertThat(recovered.exit()).as(recovered.output()).isZero();
        assertThat(recovered.output())
                .contains("Restored the CA keys of " + home.dir() + " from " + archive + "; the root fingerprint is unchanged.");
        assertThat(Files.readAllBytes(home.rootKey())).isEqualTo(rootKey);
        assertThat(Files.readAllBytes(home.intermediateKey())).isEqualTo(intermediateKey);
        for (Path key : List.of(home.rootKey(), home.intermediateKey())) {
            assertThat(Files.getPosixFilePermissions(key)).as(key.toString()).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(contents(home.db())).as("the database is not touched").isEqualTo(database);
        assertThat(contents(home.dir().resolve("config"))).as("the config is not touched").isEqualTo(config);
        assertThat(tmp()).as("the staging directory is removed").isEmptyDirectory();

        try (CaServer server = CaServer.start(home, CaConfigFile.load(home.config()), Passwords.fromFile(home.passwordFile()),
                Clock.systemUTC())) {
            for (X509Certificate c : List.of(before, after)) {
                String serial = c.getSerialNumber().toString(16);
                CliRun show = CliRun.of("ca", "certificates", "show", serial, "--home", home.dir().toString());
                assertThat(show.exit()).as(show.err()).isZero();
                assertThat(show.out()).contains("Serial:            " + serial + " ").contains("Status:            valid");
            }
            X509Certificate recoveredLeaf = obtain(node, jwkPassword, "recovered.example.test");
            assertThat(recoveredLeaf.getIssuerX500Principal()).isEqualTo(after.getIssuerX500Principal());
        }
    }

    @Test
    void aBackupOfAnotherCaIsRefusedAndTheHomeIsUnchanged() throws Exception {
        CaHome home = init("home", "Recovery CA");
        CaHome other = init("other", "Other CA");
        Path password = backupPassword();
        Path archive = dir.resolve("other.signet-backup");
        CliRun backup = CliRun.of("ca", "backup", "--home", other.dir().toString(), "--out", archive.toString(), "--password-file",
                password.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        Files.delete(home.intermediateKey());
        Map<String, String> files = contents(home.dir());

        RunbookScript.Result refused = script("recover-keys.sh", archive.toString(), password.toString(), home.dir().toString());
        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("The root certificate in " + archive + " is not the one in " + home.rootCert()
                + ": it is another CA's backup; nothing was changed.");
        assertThat(contents(home.dir())).isEqualTo(files);
        assertThat(tmp()).as("the staging directory is removed").isEmptyDirectory();
    }

    @Test
    void missingArgumentsAndADirectoryWithoutACaAreRefused() throws Exception {
        RunbookScript.Result usage = script("recover-keys.sh", "backup", "password");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).startsWith("usage: ").contains("recover-keys.sh BACKUP PASSWORD_FILE HOME");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        RunbookScript.Result notAHome = script("recover-keys.sh", dir.resolve("backup").toString(), dir.resolve("password").toString(), empty.toString());
        assertThat(notAHome.exit()).isEqualTo(1);
        assertThat(notAHome.output()).isEqualTo(empty + " is not a CA home: it has no config/ca.json.\n");
        assertThat(empty).isEmptyDirectory();
    }

    private CaHome init(String name, String caName) {
        CaHome home = new CaHome(dir.resolve(name));
        CliRun init = CliRun.of("ca", "init", "--home", home.dir().toString(), "--name", caName, "--dns", "localhost,127.0.0.1",
                "--address", "127.0.0.1:" + Ports.free());
        assertThat(init.exit()).as(init.err()).isZero();
        return home;
    }

    private Path backupPassword() throws IOException {
        Path password = dir.resolve("pw");
        Files.writeString(password, "backup-pass-123\n");
        return password;
    }

    /** A certificate from the CA the node home was bootstrapped to, through its JWK provisioner {@code node}. */
    private X509Certificate obtain(Path node, Path jwkPassword, String name) {
        Path crt = dir.resolve(name + ".crt");
        CliRun cert = CliRun.of("ca", "certificate", name, crt.toString(), dir.resolve(name + ".key").toString(), "--provisioner", "node",
                "--password-file", jwkPassword.toString(), "--home", node.toString());
        assertThat(cert.exit()).as(cert.err()).isZero();
        return Pem.readCertificates(crt).get(0);
    }

    /** The script's $TMPDIR, where it stages the backup. */
    private Path tmp() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    private RunbookScript.Result script(String name, String... args) throws Exception {
        return RunbookScript.run(dir, name, Map.of("TMPDIR", tmp().toString()), args);
    }

    /** Every directory and file under root, by relative path: its mode and, for a file, its bytes in hex. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                entries.put(root.relativize(p).toString(),
                        Files.isDirectory(p) ? mode + " dir" : mode + " " + HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return entries;
    }
}
