package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.cli.Https;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet ca start} as a real process from the shaded jar: container-style first start from the
 * {@code SIGNET_INIT_*} variables, HTTPS health, graceful stop on SIGTERM, and a restart that keeps the CA; and the
 * same from the jlink distribution that {@code ./mvnw -Pdist package} and the Dockerfile build
 * ({@code src/dist/make-dist.sh}).
 */
class StartProcessIT {
    @TempDir Path dir;

    @Test
    void firstStartInitialisesFromEnvironmentAndSigtermStopsGracefully() throws Exception {
        CaHome home = new CaHome(dir.resolve("home"));
        int port = freePort();
        Map<String, String> env = Map.of(
                "SIGNET_INIT_NAME", "Env CA",
                "SIGNET_INIT_DNS_NAMES", "localhost,127.0.0.1",
                "SIGNET_INIT_PROVISIONER_NAME", "edge",
                "SIGNET_INIT_PASSWORD", "s3cret-Env-pass",
                "SIGNET_INIT_DEFAULT_CERT_VALIDITY", "48h",
                "SIGNET_INIT_ADDRESS", "127.0.0.1:" + port);

        Run first = start(JAR, home, env, port);
        assertThat(first.stdout).contains("No CA was found in " + home.dir() + "; initialised one from SIGNET_INIT_* variables.")
                .contains("ACME directory (edge): https://localhost:" + port + "/acme/edge/directory");
        CaConfig config = CaConfigFile.load(home.config());
        assertThat(config.authority().provisioners()).extracting(p -> p.name() + "/" + p.type()).containsExactly("edge/ACME");
        assertThat(config.authority().claims().defaultTLSCertDuration()).isEqualTo(Duration.ofHours(48));
        assertThat(Files.readString(home.passwordFile())).isEqualTo("s3cret-Env-pass\n");
        String fingerprint = Fingerprints.sha256(Pem.readCertificate(home.rootCert()));
        assertThat(first.stderr).contains("INFO Serving HTTPS on 127.0.0.1:" + port + " ...")
                .contains("INFO Shutting down: finishing in-flight requests")
                .contains("INFO Stopped; the database is closed");

        Run second = start(JAR, home, env, port);
        assertThat(second.stdout).doesNotContain("initialised");
        assertThat(second.stderr).contains("X.509 Root Fingerprint: " + fingerprint);
    }

    @Test
    void theJlinkDistributionStartsAsItsOwnJavaProcessAndStopsOnSigterm() throws Exception {
        Path dist = dir.resolve("dist/signet");
        Process build = new ProcessBuilder("sh", Path.of("src", "dist", "make-dist.sh").toString(), System.getProperty("signet.jar"),
                dist.toString(), System.getProperty("java.home")).redirectErrorStream(true).start();
        String built = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as(built).isZero();
        System.out.print(built);
        assertThat(dist.resolve("lib/signet.jar")).hasSameBinaryContentAs(Path.of(System.getProperty("signet.jar")));
        assertThat(Files.readString(dist.resolve("runtime/release"))).contains("JAVA_VERSION=\"" + Runtime.version().feature());
        assertThat(dist.resolve("runtime/jmods")).doesNotExist();
        assertThat(Files.readString(dist.resolve("bin/signet"))).contains("exec \"$here/runtime/bin/java\"");

        CaHome home = new CaHome(dir.resolve("home"));
        int port = freePort();
        Run run = start(List.of(dist.resolve("bin/signet").toString()), home, Map.of("SIGNET_INIT_NAME", "Dist CA",
                "SIGNET_INIT_DNS_NAMES", "localhost", "SIGNET_INIT_ADDRESS", "127.0.0.1:" + port), port);
        assertThat(run.command).as("the launcher execs the shipped runtime, so the CA gets signals itself")
                .isEqualTo(dist.resolve("runtime/bin/java").toRealPath().toString());
        assertThat(run.stderr).contains("INFO Serving HTTPS on 127.0.0.1:" + port + " ...").contains("INFO Stopped; the database is closed");
    }

    private static final List<String> JAR = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("signet.jar"));

    /** @param command the executable the started process runs, as the operating system reports it */
    private record Run(String stdout, String stderr, String command) {}

    /**
     * Starts the CA with {@code launcher}, waits until /health answers ok over HTTPS, sends SIGTERM and waits for a
     * clean exit.
     */
    private Run start(List<String> launcher, CaHome home, Map<String, String> env, int port) throws Exception {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        List<String> command = new java.util.ArrayList<>(launcher);
        command.addAll(List.of("ca", "start", "--home", home.dir().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String executable;
        try {
            awaitHealthy(home, port, p, err);
            executable = p.info().command().orElse("");
        } finally {
            p.destroy();
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the CA exits after SIGTERM").isTrue();
        assertThat(p.exitValue()).as("exit status after SIGTERM (128+15)").isEqualTo(143);
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), executable);
    }

    private static void awaitHealthy(CaHome home, int port, Process p, Path err) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        HttpClient client = null;
        while (Instant.now().isBefore(deadline)) {
            assertThat(p.isAlive()).as("the CA is running: %s", Files.readString(err)).isTrue();
            if (client == null && Files.exists(home.rootCert()) && Files.exists(home.config())) {
                client = Https.trusting(List.of(Pem.readCertificate(home.rootCert())));
            }
            if (client != null) {
                try {
                    var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + port + "/health")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().equals("{\"status\":\"ok\"}")) return;
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            p.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("The CA did not become healthy within 60 s: " + Files.readString(err));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
