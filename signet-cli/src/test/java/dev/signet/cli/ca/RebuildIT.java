package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.home.CaHome;
import dev.signet.ca.testing.Ports;
import dev.signet.cli.CliRun;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook of docs/operations.md, scenario 4: {@code scripts/rebuild.sh} refuses an archive whose SHA-256 is not
 * the recorded one before writing anything, and rebuilds a healthy CA from the recorded one after the home is gone.
 */
class RebuildIT {
    @TempDir
    Path dir;

    @Test
    void theRecordedBackupRebuildsTheCaAndAnyOtherArchiveIsRefused() throws Exception {
        Path home = dir.resolve("signet");
        CliRun init = CliRun.of("ca", "init", "--home", home.toString(), "--name", "Rebuilt CA", "--dns", "localhost,127.0.0.1",
                "--address", "127.0.0.1:" + Ports.free());
        assertThat(init.exit()).as(init.err()).isZero();
        String fingerprint = Fingerprints.sha256(Pem.readCertificate(new CaHome(home).rootCert()));
        Path password = dir.resolve("pw");
        Files.writeString(password, "backup-pass-123\n");
        Path archive = dir.resolve("ca.signet-backup");
        CliRun backup = CliRun.of("ca", "backup", "--home", home.toString(), "--out", archive.toString(), "--password-file", password.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        Matcher recorded = Pattern.compile("SHA-256: ([0-9a-f]{64})  ca\\.signet-backup").matcher(backup.out());
        assertThat(recorded.find()).as(backup.out()).isTrue();
        String sha256 = recorded.group(1);
        SecureFiles.deleteTree(home); // the machine is gone

        String other = sha256.startsWith("0") ? "1".repeat(64) : "0".repeat(64);
        RunbookScript.Result refused = script(archive.toString(), password.toString(), home.toString(), other);
        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).isEqualTo("The backup's SHA-256 is " + sha256 + ", not the expected " + other
                + "; it is not the archive that was recorded.\n");
        assertThat(home).doesNotExist();

        RunbookScript.Result rebuilt;
        try {
            rebuilt = script(archive.toString(), password.toString(), home.toString(), sha256.toUpperCase(Locale.ROOT));
        } finally {
            Path pid = home.resolve("ca.pid");
            if (Files.exists(pid)) {
                long ca = Long.parseLong(Files.readString(pid).trim());
                ProcessHandle.of(ca).ifPresent(ProcessHandle::destroy);
            }
        }
        assertThat(rebuilt.exit()).as(rebuilt.output()).isZero();
        Matcher took = Pattern.compile("The standby CA in " + Pattern.quote(home.toString())
                + " is healthy at https://localhost:\\d+; recovery took (\\d+) ms.").matcher(rebuilt.output());
        assertThat(took.find()).as(rebuilt.output()).isTrue();
        System.out.println("rebuild: recovery took " + took.group(1) + " ms");
        assertThat(rebuilt.output()).contains("Rebuilt the CA in " + home + "; its pid is in " + home.resolve("ca.pid") + ".");
        assertThat(Files.readString(home.resolve("ca.log"))).contains("Serving HTTPS on").contains("X.509 Root Fingerprint: " + fingerprint);
    }


    private RunbookScript.Result script(String... args) throws Exception {
        return RunbookScript.run(dir, "rebuild.sh", Map.of(), args);
    }
}
