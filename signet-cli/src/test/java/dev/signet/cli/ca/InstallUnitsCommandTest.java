package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.testing.Peers;
import dev.signet.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet ca install-units}: the units it writes are deploy/systemd/ with {@code --bin} put in, it is idempotent
 * and careful with changed files, and {@code systemd-analyze verify} accepts what it writes.
 */
class InstallUnitsCommandTest {
    private static final Path SOURCE = Path.of("..", "deploy", "systemd");

    @TempDir Path dir;

    @Test
    void writesTheUnitsFromDeploySystemdWithTheGivenBinaryAndPrintsTheNextSteps() throws Exception {
        Path bin = fakeSignet();
        Path units = Files.createDirectory(dir.resolve("units"));
        CliRun run = CliRun.of("ca", "install-units", "--dir", units.toString(), "--bin", bin.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Wrote " + units.resolve("signet-ca.service") + "\n"
                + "Wrote " + units.resolve("signet-renew@.service") + "\n"
                + "Wrote " + units.resolve("signet-renew@.timer") + "\n"
                + "\n"
                + "Next steps (systemd does not read " + units + ": copy the units to /etc/systemd/system first):\n"
                + "  systemctl daemon-reload\n"
                + "\n"
                + "On the CA machine (home /var/lib/signet, key password in /etc/signet/ca-password):\n"
                + "  useradd --system --home-dir /var/lib/signet --shell /usr/sbin/nologin signet\n"
                + "  systemctl enable --now signet-ca.service\n"
                + "  signet ca health --ca-url https://localhost:9000 --root /var/lib/signet/certs/root_ca.crt\n"
                + "\n"
                + "On each machine, for each certificate (here etcd-k8s-1-peer), after signet ca bootstrap --home /etc/signet:\n"
                + "  mkdir -p /etc/signet/renew\n"
                + "  printf '%s\\n' CERT_FILE=/etc/etcd/ssl/etcd-k8s-1-peer.crt KEY_FILE=/etc/etcd/ssl/etcd-k8s-1-peer.key \\\n"
                + "    > /etc/signet/renew/etcd-k8s-1-peer.env\n"
                + "  systemctl enable --now signet-renew@etcd-k8s-1-peer.timer\n"
                + "  systemctl list-timers 'signet-renew@*'\n"
                + "\n"
                + "Guide: docs/node-certificates.md\n");
        for (String unit : InstallUnitsCommand.UNITS) {
            String source = Files.readString(SOURCE.resolve(unit));
            String written = Files.readString(units.resolve(unit));
            assertThat(written).as(unit).isEqualTo(source.replace(InstallUnitsCommand.DEFAULT_BIN, bin.toString()))
                    .doesNotContain(InstallUnitsCommand.DEFAULT_BIN);
            assertThat(Files.getPosixFilePermissions(units.resolve(unit))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertThat(Files.readString(units.resolve("signet-renew@.service")))
                .contains("ExecCondition=" + bin + " certificate needs-renewal ${CERT_FILE} $NEEDS_RENEWAL_FLAGS\n")
                .contains("ExecStart=" + bin + " ca renew --force ${CERT_FILE} ${KEY_FILE} $RENEW_FLAGS\n");
    }

    @Test
    void aSecondRunChangesNothingAndAChangedUnitIsReplacedOnlyWithForce() throws Exception {
        Path bin = fakeSignet();
        String[] install = {"ca", "install-units", "--dir", dir.toString(), "--bin", bin.toString()};
        assertThat(CliRun.of(install).exit()).isZero();
        assertThat(CliRun.of(install).out()).startsWith("Unchanged: " + dir.resolve("signet-ca.service") + "\n"
                + "Unchanged: " + dir.resolve("signet-renew@.service") + "\n" + "Unchanged: " + dir.resolve("signet-renew@.timer") + "\n");

        Path timer = dir.resolve("signet-renew@.timer");
        Files.writeString(timer, "[Timer]\nOnCalendar=daily\n");
        CliRun refused = CliRun.of(install);
        assertThat(refused.exit()).isOne();
        assertThat(refused.err()).isEqualTo("error: The file " + timer + " exists with other content; use --force to replace it.\n");
        assertThat(Files.readString(timer)).isEqualTo("[Timer]\nOnCalendar=daily\n");

        List<String> forced = new ArrayList<>(List.of(install));
        forced.add("--force");
        CliRun replaced = CliRun.of(forced.toArray(String[]::new));
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("Unchanged: " + dir.resolve("signet-ca.service") + "\n", "Wrote " + timer + "\n");
        assertThat(Files.readString(timer)).isEqualTo(InstallUnitsCommand.unit("signet-renew@.timer", bin.toString()));
    }

    @Test
    void theBinaryMustBeAnAbsolutePathSystemdCanReadAndTheDirectoryMustExist() {
        CliRun relative = CliRun.of("ca", "install-units", "--dir", dir.toString(), "--bin", "bin/signet");
        assertThat(relative.exit()).isOne();
        assertThat(relative.err()).isEqualTo("error: --bin must be an absolute path without spaces, %, $ or \\ (systemd reads it), not \"bin/signet\".\n");
        CliRun spaced = CliRun.of("ca", "install-units", "--dir", dir.toString(), "--bin", "/opt/my signet");
        assertThat(spaced.err()).startsWith("error: --bin must be an absolute path");
        CliRun missing = CliRun.of("ca", "install-units", "--dir", dir.resolve("nope").toString());
        assertThat(missing.exit()).isOne();
        assertThat(missing.err()).isEqualTo("error: The directory " + dir.resolve("nope") + " does not exist; give an existing --dir.\n");
    }

    @Test
    void aBinaryThatIsNotThereYetIsPointedOut() {
        CliRun run = CliRun.of("ca", "install-units", "--dir", dir.toString(), "--bin", "/nonexistent/signet");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Note: /nonexistent/signet is not an executable yet; install the signet command there before starting the units.\n");
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitsWithoutAWarning() throws Exception {
        Peers.requireTool("systemd-analyze");
        Path units = Files.createDirectory(dir.resolve("units"));
        assertThat(CliRun.of("ca", "install-units", "--dir", units.toString(), "--bin", fakeSignet().toString()).exit()).isZero();
        Peers.Result verify = Peers.run(verify(units));
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).isEmpty();

        // the check is real: the same units pointing at a missing binary are refused
        Path broken = Files.createDirectory(dir.resolve("broken"));
        assertThat(CliRun.of("ca", "install-units", "--dir", broken.toString(), "--bin", "/nonexistent/signet").exit()).isZero();
        Peers.Result refused = Peers.run(verify(broken));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("Command /nonexistent/signet is not executable: No such file or directory");
    }

    private static List<String> verify(Path units) {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        for (String unit : InstallUnitsCommand.UNITS) command.add(units.resolve(unit).toAbsolutePath().toString());
        return command;
    }

    /** An executable standing in for the signet command (systemd-analyze verify checks that ExecStart= exists). */
    private Path fakeSignet() throws Exception {
        Path bin = dir.resolve("signet");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
