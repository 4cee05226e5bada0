package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.testing.Ports;
import dev.signet.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook of docs/operations.md, scenario 1: {@code scripts/standby-restore.sh} brings a standby CA up from the
 * primary's backup and reports the recovery time.
 */
class StandbyRestoreIT {
    @TempDir
    Path dir;

    @Test
    void theStandbyScriptRestoresAndServes() throws Exception {
        Path primary = dir.resolve("primary");
        CliRun init = CliRun.of("ca", "init", "--home", primary.toString(), "--name", "Standby CA", "--dns", "localhost,127.0.0.1",
                "--address", "127.0.0.1:" + Ports.free());
        assertThat(init.exit()).as(init.err()).isZero();
        Path password = dir.resolve("pw");
        Files.writeString(password, "backup-pass-123\n");
        Path archive = dir.resolve("ca.signet-backup");
        CliRun backup = CliRun.of("ca", "backup", "--home", primary.toString(), "--out", archive.toString(), "--password-file", password.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();

        Path standby = dir.resolve("standby");
        ProcessBuilder pb = new ProcessBuilder("sh", Path.of("..", "scripts", "standby-restore.sh").toString(), archive.toString(),
                password.toString(), standby.toString()).redirectErrorStream(true);
        pb.environment().put("SIGNET", RunbookScript.signet());
        Process script = pb.start();
        String output;
        try {
            assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("the script finishes").isTrue();
            output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.exitValue()).as(output).isZero();
        } finally {
            Path pid = standby.resolve("ca.pid");
            if (Files.exists(pid)) {
                long ca = Long.parseLong(Files.readString(pid).trim());
                ProcessHandle.of(ca).ifPresent(ProcessHandle::destroy);
            }
            script.destroyForcibly();
        }
        Matcher took = Pattern.compile("The standby CA in .* is healthy at https://localhost:\\d+; recovery took (\\d+) ms.").matcher(output);
        assertThat(took.find()).as(output).isTrue();
        System.out.println("standby-restore: recovery took " + took.group(1) + " ms");
        assertThat(Files.readString(standby.resolve("ca.log"))).contains("Serving HTTPS on");
    }
}
