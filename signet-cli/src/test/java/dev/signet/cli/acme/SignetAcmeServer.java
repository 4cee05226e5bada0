package dev.signet.cli.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.CrlConfig;
import dev.signet.ca.config.ProfileConfig;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.home.CaHome;
import dev.signet.cli.CliRun;
import dev.signet.cli.Passwords;
import dev.signet.cli.ca.CaServer;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Signet CA serving ACME on a loopback port, for interop tests. One CA home is initialised per JVM (initialising
 * derives keys and is slow) and copied for each server; each server gets its own validation ports so that several
 * can validate at once, and a fixed port so that a restart serves the same URLs. Provisioners:
 * <ul>
 *   <li>{@code acme}: 24h certificates, with profiles {@code tlsserver} (12h, serverAuth only) and {@code short} (1h);</li>
 *   <li>{@code acme-cloud}: 48h certificates, as in seed 000;</li>
 *   <li>{@code acme-eab}: requires external account binding;</li>
 *   <li>{@code acme-limited}: at most two pending orders per account;</li>
 *   <li>{@code node}: a JWK provisioner (password {@link #JWK_PASSWORD}); {@code node-no-renewal}: one whose
 *       certificates cannot renew.</li>
 * </ul>
 */
public final class SignetAcmeServer implements AutoCloseable {
    private static Path template;

    private final CaHome home;
    private final CaServer server;
    private final int http01Port;
    private final int tlsAlpn01Port;

    private SignetAcmeServer(CaHome home, CaServer server, int http01Port, int tlsAlpn01Port) {
        this.home = home;
        this.server = server;
        this.http01Port = http01Port;
        this.tlsAlpn01Port = tlsAlpn01Port;
    }

    /**
     * Starts a CA in {@code dir} whose validation authority connects to the given ports and resolves names through
     * {@code dnsResolver} ({@code host:port}, or null for the system resolver).
     */
    public static SignetAcmeServer start(Path dir, int http01Port, int tlsAlpn01Port, String dnsResolver) throws Exception {
        return start(dir, http01Port, tlsAlpn01Port, dnsResolver, null);
    }

    /** As {@link #start(Path, int, int, String)}, with a {@code crl} block (null for the defaults). */
    public static SignetAcmeServer start(Path dir, int http01Port, int tlsAlpn01Port, String dnsResolver, CrlConfig crl)
            throws Exception {
        return start(dir, http01Port, tlsAlpn01Port, dnsResolver, crl, null);
    }

    /**
     * As {@link #start(Path, int, int, String, CrlConfig)}, on the database {@code db} (null for the home's own SQLite
     * file). Servers started on one database from this class share the CA too (every home is a copy of one
     * template): several active instances of one CA.
     */
    public static SignetAcmeServer start(Path dir, int http01Port, int tlsAlpn01Port, String dnsResolver, CrlConfig crl,
            CaConfig.Db db) throws Exception {
        CaHome home = new CaHome(dir);
        copy(template(), dir);
        CaConfig c = CaConfigFile.load(home.config());
        Claims cloud = new Claims(Duration.ofHours(48), Duration.ofMinutes(5), Duration.ofHours(48));
        Map<String, ProfileConfig> profiles = Map.of(
                "tlsserver", new ProfileConfig("TLS server certificates", Duration.ofHours(12), List.of("serverAuth")),
                "short", new ProfileConfig("One-hour certificates", Duration.ofHours(1), null));
        List<ProvisionerConfig> provisioners = List.of(
                new ProvisionerConfig("acme", "ACME", null, null, null, profiles, null, null),
                new ProvisionerConfig("acme-cloud", "ACME", cloud),
                new ProvisionerConfig("acme-eab", "ACME", null, true, null, null, null, null),
                new ProvisionerConfig("acme-limited", "ACME", null, null, null, null, null,
                        new dev.signet.ca.config.LimitsConfig(2, 1000, Duration.ofHours(1), null)),
                jwk("node", null),
                jwk("node-no-renewal", new Claims(null, null, null, null, true)));
        CaConfig changed = new CaConfig("127.0.0.1:" + freePort(), c.dnsNames(), c.root(), c.crt(), c.key(), db == null ? c.db() : db, c.tls(),
                new CaConfig.Authority(c.authority().claims(), provisioners), c.logger(),
                new CaConfig.Acme(new CaConfig.Validation(http01Port, tlsAlpn01Port,
                        dnsResolver == null ? List.of() : List.of(dnsResolver), Duration.ofSeconds(10))), crl);
        SecureFiles.writeAtomically(home.config(), CaConfigFile.toJson(changed), SecureFiles.PUBLIC_READ);
        return new SignetAcmeServer(home, startServer(home), http01Port, tlsAlpn01Port);
    }

    /** The password of the JWK provisioners' keys. */
    public static final String JWK_PASSWORD = "node-provisioner-password";

    private static ProvisionerConfig jwk(String name, Claims claims) {
        // few PBKDF2 rounds: every token minted in a test decrypts the key
        var key = dev.signet.ca.home.JwkProvisionerKeys.create(JWK_PASSWORD.toCharArray(), 1000);
        return ProvisionerConfig.jwk(name, claims, key.publicKey(), key.encryptedKey());
    }

    /** Stops this server and starts another on the same home (and database): a CA restart. */
    public SignetAcmeServer restart() throws Exception {
        server.close();
        return new SignetAcmeServer(home, startServer(home), http01Port, tlsAlpn01Port);
    }

    private static CaServer startServer(CaHome home) throws Exception {
        return CaServer.start(home, CaConfigFile.load(home.config()), Passwords.fromFile(home.passwordFile()), Clock.systemUTC());
    }

    private static synchronized Path template() throws IOException {
        if (template == null) {
            Path t = Files.createTempDirectory("signet-acme-template");
            t.toFile().deleteOnExit();
            CliRun init = CliRun.of("ca", "init", "--home", t.resolve("home").toString(), "--name", "ACME Interop CA",
                    "--dns", "localhost,127.0.0.1", "--address", "127.0.0.1:0");
            assertThat(init.exit()).as(init.err()).isZero();
            template = t.resolve("home");
        }
        return template;
    }

    /** Copies a directory tree (a CA home) with file attributes. */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A free loopback port (see {@link dev.signet.ca.testing.Ports}). */
    public static int freePort() {
        return dev.signet.ca.testing.Ports.free();
    }

    public URI directory(String provisioner) {
        return URI.create("https://localhost:" + server.port() + "/acme/" + provisioner + "/directory");
    }

    public String baseUrl() {
        return "https://localhost:" + server.port();
    }

    public Path rootPem() {
        return home.rootCert();
    }

    public X509Certificate root() {
        return Pem.readCertificate(home.rootCert());
    }

    public CaHome home() {
        return home;
    }

    public CaServer server() {
        return server;
    }

    public int http01Port() {
        return http01Port;
    }

    public int tlsAlpn01Port() {
        return tlsAlpn01Port;
    }

    @Override
    public void close() {
        server.close();
    }
}
