package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.pki.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca install-units [--dir DIR] [--bin PATH] [--force]}: writes the systemd units that the jar carries
 * (copied from {@code deploy/systemd/} at build time) into {@code DIR}: {@code signet-ca.service} for the CA, and
 * {@code signet-renew@.service} with {@code signet-renew@.timer} for one renewal timer per certificate. Every
 * {@code /usr/local/bin/signet} in them becomes {@code --bin}. A unit already there with the same content is left as
 * it is; one with other content is replaced only with {@code --force}. Then it prints the next steps. Not thread-safe
 * (a picocli command object is used once).
 */
@Command(name = "install-units", mixinStandardHelpOptions = true,
        description = "Write the systemd units for the CA and for certificate renewal timers, and print the next steps.")
public final class InstallUnitsCommand implements Callable<Integer> {
    /** The units, in the order they are written; resources under {@code /deploy/systemd/}. */
    public static final List<String> UNITS = List.of("signet-ca.service", "signet-renew@.service", "signet-renew@.timer");

    /** The path of the CLI in the units as shipped. */
    public static final String DEFAULT_BIN = "/usr/local/bin/signet";

    @Spec CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "/etc/systemd/system",
            description = "Where to write the units (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--bin", paramLabel = "PATH", defaultValue = DEFAULT_BIN,
            description = "The absolute path of the signet command the units run (default: ${DEFAULT-VALUE}).")
    String bin;

    @Option(names = "--force", description = "Replace units in DIR whose content differs.")
    boolean force;

    @Override
    public Integer call() {
        if (!bin.startsWith("/") || bin.chars().anyMatch(c -> Character.isWhitespace(c) || c == '%' || c == '$' || c == '\\')) {
            throw new CliException("--bin must be an absolute path without spaces, %, $ or \\ (systemd reads it), not \"" + bin + "\".");
        }
        if (!Files.isDirectory(dir)) throw new CliException("The directory " + dir + " does not exist; give an existing --dir.");
        List<String> contents = UNITS.stream().map(u -> unit(u, bin)).toList();
        for (int i = 0; i < UNITS.size(); i++) {
            Path target = dir.resolve(UNITS.get(i));
            if (!force && Files.exists(target) && !contents.get(i).equals(read(target))) {
                throw new CliException("The file " + target + " exists with other content; use --force to replace it.");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < UNITS.size(); i++) {
            Path target = dir.resolve(UNITS.get(i));
            if (Files.exists(target) && contents.get(i).equals(read(target))) {
                out.println("Unchanged: " + target);
            } else {
                SecureFiles.writeAtomically(target, contents.get(i).getBytes(StandardCharsets.UTF_8), SecureFiles.PUBLIC_READ);
                out.println("Wrote " + target);
            }
        }
        if (!Files.isExecutable(Path.of(bin))) {
            out.println("Note: " + bin + " is not an executable yet; install the signet command there before starting the units.");
        }
        out.print(nextSteps(dir));
        out.flush();
        return 0;
    }

    /** The unit {@code name} as shipped in the jar, with {@code bin} for {@link #DEFAULT_BIN}. */
    public static String unit(String name, String bin) {
        try (InputStream in = InstallUnitsCommand.class.getResourceAsStream("/deploy/systemd/" + name)) {
            if (in == null) throw new IllegalStateException("The unit " + name + " is missing from the signet jar.");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(DEFAULT_BIN, bin);
        } catch (IOException e) {
            throw new IllegalStateException("The unit " + name + " cannot be read from the signet jar.", e);
        }
    }

    private static String read(Path file) {
        return new String(SecureFiles.read(file, "The unit file"), StandardCharsets.UTF_8);
    }

    private static String nextSteps(Path dir) {
        boolean systemDir = dir.toAbsolutePath().normalize().equals(Path.of("/etc/systemd/system"));
        return String.join("\n", Arrays.asList(
                "",
                systemDir ? "Next steps:" : "Next steps (systemd does not read " + dir + ": copy the units to /etc/systemd/system first):",
                "  systemctl daemon-reload",
                "",
                "On the CA machine (home /var/lib/signet, key password in /etc/signet/ca-password):",
                "  useradd --system --home-dir /var/lib/signet --shell /usr/sbin/nologin signet",
                "  systemctl enable --now signet-ca.service",
                "  signet ca health --ca-url https://localhost:9000 --root /var/lib/signet/certs/root_ca.crt",
                "",
                "On each machine, for each certificate (here etcd-k8s-1-peer), after signet ca bootstrap --home /etc/signet:",
                "  mkdir -p /etc/signet/renew",
                "  printf '%s\\n' CERT_FILE=/etc/etcd/ssl/etcd-k8s-1-peer.crt KEY_FILE=/etc/etcd/ssl/etcd-k8s-1-peer.key \\",
                "    > /etc/signet/renew/etcd-k8s-1-peer.env",
                "  systemctl enable --now signet-renew@etcd-k8s-1-peer.timer",
                "  systemctl list-timers 'signet-renew@*'",
                "",
                "Guide: docs/node-certificates.md",
                ""));
    }
}
