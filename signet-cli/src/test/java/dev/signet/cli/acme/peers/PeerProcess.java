package dev.signet.cli.acme.peers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs peer processes: never attached to the terminal (stdin closed, output to files under
 * {@code workDir/peer-logs}), killed with their children after a timeout.
 */
final class PeerProcess {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<String> PROXY_VARIABLES =
            List.of("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY");

    private PeerProcess() {}

    /** The result of one process; several may make up one {@link PeerResult}. */
    record Run(List<String> command, int exit, boolean timedOut, String stdout, String stderr, Duration elapsed) {}

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, tool).canExecute()) return true;
        }
        return false;
    }

    static Run run(List<String> command, Map<String, String> env, Path workDir, String label, Duration timeout) {
        try {
            Path logs = Files.createDirectories(workDir.resolve("peer-logs"));
            String base = String.format("%03d-%s", RUNS.incrementAndGet(), label);
            Path out = logs.resolve(base + ".out");
            Path err = logs.resolve(base + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            PROXY_VARIABLES.forEach(builder.environment()::remove); // everything we talk to is on loopback
            builder.environment().putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Run(List.copyOf(command), finished ? process.exitValue() : -1, !finished,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Combines the runs of one action; the first failing run decides the exit code. */
    static PeerResult result(String peer, String action, List<Run> runs, Path certificate, Path privateKey) {
        List<List<String>> commands = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Duration elapsed = Duration.ZERO;
        int exit = 0;
        boolean timedOut = false;
        for (Run run : runs) {
            commands.add(run.command());
            out.append(run.stdout());
            err.append(run.stderr());
            elapsed = elapsed.plus(run.elapsed());
            if (exit == 0 && (run.exit() != 0 || run.timedOut())) {
                exit = run.exit();
                timedOut = run.timedOut();
            }
        }
        return new PeerResult(peer, action, List.copyOf(commands), exit, timedOut, out.toString(), err.toString(),
                elapsed, certificate, privateKey, PeerResult.readChain(certificate), PeerResult.readText(privateKey));
    }

    /** Writes an executable shell script. */
    static Path script(Path file, String body) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shell functions {@code txt_set FQDN VALUE} and {@code txt_clear FQDN} that publish TXT records through the
     * {@link Challenge.Dns01} HTTP API. FQDN must end with a dot.
     */
    static String txtFunctions(Challenge.Dns01 dns) {
        String api = dns.txtApi().toString().replaceAll("/+$", "");
        return "txt_set() {\n"
                + "  curl -fsS -X POST -d \"{\\\"host\\\":\\\"$1\\\",\\\"value\\\":\\\"$2\\\"}\" " + quote(api + "/set-txt") + "\n"
                + "}\n"
                + "txt_clear() {\n"
                + "  curl -fsS -X POST -d \"{\\\"host\\\":\\\"$1\\\"}\" " + quote(api + "/clear-txt") + "\n"
                + "}\n";
    }

    /** Single-quotes a value for sh. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
