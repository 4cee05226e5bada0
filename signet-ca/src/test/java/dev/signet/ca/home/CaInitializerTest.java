package dev.signet.ca.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.signer.CaHierarchy;
import dev.signet.ca.signer.CaHierarchyFactory;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.PkiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CA home initialisation. Every successful init encrypts two keys (about half a second each), so the plain init is
 * done once for the class and the other tests run only the inits they need.
 */
class CaInitializerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    static Path shared;

    private static CaHome home;
    private static CaInitializer.Result result;

    @BeforeAll
    static void initOnce() {
        home = new CaHome(shared.resolve("ca"));
        result = new CaInitializer(CLOCK).initialize(options(home));
    }

    /** Like {@code signet ca init --name Test --dns localhost --dns 127.0.0.1}: generated password, P-256, ten years. */
    static InitOptions options(CaHome home) {
        return new InitOptions(home, "Test", List.of("localhost", "127.0.0.1"), ":9000", "acme", null, false, KeyType.EC_P256,
                InitOptions.TEN_YEARS, InitOptions.TEN_YEARS, null, null, null, false);
    }

    private static InitOptions with(InitOptions o, char[] password, X509Certificate root, PrivateKey rootKey, Duration defaultDuration,
                                    boolean force) {
        return new InitOptions(o.home(), o.name(), o.dnsNames(), o.address(), o.provisioner(), password, o.storePassword(), o.keyType(),
                o.rootValidity(), o.intermediateValidity(), root, rootKey, defaultDuration, force);
    }

    // ---- a plain init ------------------------------------------------------------------------------------------

    @Test
    void createsExactlyTheHomeLayout() throws IOException {
        assertThat(tree(home.dir())).containsExactly(
                "certs/", "certs/intermediate_ca.crt", "certs/root_ca.crt",
                "config/", "config/ca.json",
                "db/",
                "secrets/", "secrets/admin.crt", "secrets/admin_key", "secrets/intermediate_ca_key", "secrets/password", "secrets/root_ca_key");
        assertThat(home.isInitialized()).isTrue();
    }

    @Test
    void theAdminCertificateIsAClientCertificateOfTheIntermediateWithTheAdminSan() throws Exception {
        var chain = dev.signet.pki.Pem.readCertificates(home.adminCert());
        var admin = chain.get(0);
        admin.verify(dev.signet.pki.Pem.readCertificate(home.intermediateCert()).getPublicKey());
        assertThat(dev.signet.ca.signer.AdminCertificates.isAdmin(admin)).isTrue();
        assertThat(admin.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(dev.signet.pki.Pem.readPrivateKey(home.adminKey(), null)).isNotNull();
    }

    @Test
    void secretsAreOwnerOnly() throws IOException {
        assertThat(perms(home.dir())).isEqualTo("rwx------");
        assertThat(perms(home.dir().resolve("secrets"))).isEqualTo("rwx------");
        assertThat(perms(home.rootKey())).isEqualTo("r--------");
        assertThat(perms(home.intermediateKey())).isEqualTo("r--------");
        assertThat(perms(home.passwordFile())).isEqualTo("r--------");
        assertThat(perms(home.adminKey())).isEqualTo("r--------");
        assertThat(perms(home.adminCert())).isEqualTo("r--------");
        assertThat(perms(home.db())).isEqualTo("rwx------");
        assertThat(perms(home.dir().resolve("config"))).isEqualTo("rwx------");
        assertThat(perms(home.config())).isEqualTo("rw-------");
        assertThat(perms(home.dir().resolve("certs"))).isEqualTo("rwxr-xr-x");
        assertThat(perms(home.rootCert())).isEqualTo("rw-r--r--");
        assertThat(perms(home.intermediateCert())).isEqualTo("rw-r--r--");
    }

    @Test
    void keysDecryptWithTheStoredPasswordAndMatchTheCertificates() throws Exception {
        String stored = Files.readString(home.passwordFile(), StandardCharsets.UTF_8);
        assertThat(stored).endsWith("\n").hasSizeGreaterThanOrEqualTo(40);
        char[] password = stored.strip().toCharArray();

        X509Certificate root = Pem.readCertificate(home.rootCert());
        X509Certificate intermediate = Pem.readCertificate(home.intermediateCert());
        assertThat(Files.readString(home.rootKey())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(Files.readString(home.intermediateKey())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertKeyMatches(Pem.readPrivateKey(home.rootKey(), password), root.getPublicKey());
        assertKeyMatches(Pem.readPrivateKey(home.intermediateKey(), password), intermediate.getPublicKey());

        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Test Root CA");
        assertThat(intermediate.getSubjectX500Principal().getName()).isEqualTo("CN=Test Intermediate CA");
        assertThat(intermediate.getBasicConstraints()).isZero();
        assertThatCode(() -> intermediate.verify(root.getPublicKey())).doesNotThrowAnyException();
        assertThat(root.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(root.getNotAfter().toInstant()).isEqualTo(NOW.plus(InitOptions.TEN_YEARS));
    }

    @Test
    void configNamesTheAcmeProvisioner() {
        CaConfig c = CaConfigFile.load(home.config());
        assertThat(c.dnsNames()).containsExactly("localhost", "127.0.0.1");
        assertThat(c.address()).isEqualTo(":9000");
        assertThat(c.authority().provisioners()).containsExactly(new ProvisionerConfig("acme", "ACME", null));
        assertThat(c.authority().claims()).isEqualTo(Claims.DEFAULTS);
        assertThat(c.db()).isEqualTo(new CaConfig.Db("sqlite", "db/signet.db"));
        assertThat(c.logger().audit()).isEqualTo(new CaConfig.Audit(true, "logs/audit.log", 30, "100MB"));
        assertThat(home.resolve(c.root())).isEqualTo(home.rootCert());
        assertThat(home.resolve(c.crt())).isEqualTo(home.intermediateCert());
        assertThat(home.resolve(c.key())).isEqualTo(home.intermediateKey());
    }

    @Test
    void resultReportsFingerprintUrlAndGeneratedPassword() {
        assertThat(result.home()).isEqualTo(home);
        assertThat(result.rootFingerprint()).isEqualTo(Fingerprints.sha256(Pem.readCertificate(home.rootCert())));
        assertThat(result.rootFingerprint()).matches("[0-9a-f]{64}");
        assertThat(result.acmeDirectoryUrl()).isEqualTo("https://localhost:9000/acme/acme/directory");
        assertThat(result.generatedPasswordFile()).isEqualTo(home.passwordFile());
    }

    @Test
    void secondInitIsRefused() throws IOException {
        byte[] rootBefore = Files.readAllBytes(home.rootCert());
        assertThatThrownBy(() -> new CaInitializer(CLOCK).initialize(options(home)))
                .isInstanceOf(PkiException.class)
                .hasMessage("The CA home " + home.dir() + " already holds a CA; use --force to replace it.");
        assertThat(Files.readAllBytes(home.rootCert())).isEqualTo(rootBefore);
    }

    @Test
    void strayCaFilesAreNamedInTheRefusal(@TempDir Path dir) throws IOException {
        CaHome stray = new CaHome(dir);
        Files.createDirectories(stray.db());
        Files.createDirectories(stray.dir().resolve("secrets"));
        assertThatThrownBy(() -> new CaInitializer(CLOCK).initialize(options(stray)))
                .isInstanceOf(PkiException.class)
                .hasMessage("The CA home " + dir + " already holds CA files (secrets, db); use --force to replace it.");
    }

    @Test
    void acmeUrlsBracketIpv6AndDropPort443() {
        CaConfig v6 = CaConfigFile.parse("{\"dnsNames\": [\"::1\"], \"address\": \"[::1]:8443\"}".getBytes(StandardCharsets.UTF_8), "t");
        assertThat(CaInitializer.acmeDirectoryUrl(v6, "acme")).isEqualTo("https://[::1]:8443/acme/acme/directory");
        CaConfig std = CaConfigFile.parse("{\"dnsNames\": [\"ca.example.com\"], \"address\": \":443\"}".getBytes(StandardCharsets.UTF_8), "t");
        assertThat(CaInitializer.baseUrl(std)).isEqualTo("https://ca.example.com");
    }

    // ---- --force and rollback ----------------------------------------------------------------------------------

    @Test
    void forceReplacesTheCaAndAFailedForceRestoresTheOldOne(@TempDir Path dir) throws IOException {
        CaHome h = new CaHome(dir.resolve("ca"));
        char[] pw = "first password".toCharArray();
        String first = new CaInitializer(CLOCK).initialize(with(options(h), pw, null, null, null, false)).rootFingerprint();
        byte[] configBefore = Files.readAllBytes(h.config());

        // Fault injection: a dangling symlink where db/ goes is not "present" but blocks moving the new db/ into place.
        Files.delete(h.db());
        Files.createSymbolicLink(h.db(), dir.resolve("nowhere"));
        assertThatThrownBy(() -> new CaInitializer(CLOCK).initialize(with(options(h), pw, null, null, null, true)))
                .isInstanceOf(PkiException.class)
                .hasMessage("Could not initialise the CA in " + h.dir() + ": it already exists; nothing was changed.");
        assertThat(Fingerprints.sha256(Pem.readCertificate(h.rootCert()))).as("old CA restored").isEqualTo(first);
        assertThat(Files.readAllBytes(h.config())).isEqualTo(configBefore);
        assertThat(tree(h.dir())).containsExactly("certs/", "certs/intermediate_ca.crt", "certs/root_ca.crt", "config/", "config/ca.json",
                "db", "secrets/", "secrets/admin.crt", "secrets/admin_key", "secrets/intermediate_ca_key", "secrets/root_ca_key");

        Files.delete(h.db());
        CaInitializer.Result replaced = new CaInitializer(CLOCK).initialize(with(options(h), pw, null, null, null, true));

        assertThat(replaced.rootFingerprint()).isNotEqualTo(first)
                .isEqualTo(Fingerprints.sha256(Pem.readCertificate(h.rootCert())));
        assertThat(tree(h.dir())).as("no staging or replaced directories left behind").containsExactly(
                "certs/", "certs/intermediate_ca.crt", "certs/root_ca.crt", "config/", "config/ca.json",
                "db/", "secrets/", "secrets/admin.crt", "secrets/admin_key", "secrets/intermediate_ca_key", "secrets/root_ca_key");
        assertThat(replaced.generatedPasswordFile()).isNull();
    }

    @Test
    void failedInitIntoAnExistingDirectoryLeavesItAsItWas(@TempDir Path dir) throws IOException {
        CaHome h = new CaHome(dir.resolve("ca"));
        Files.createDirectories(h.dir());
        Files.createSymbolicLink(h.db(), dir.resolve("nowhere"));

        assertThatThrownBy(() -> new CaInitializer(CLOCK).initialize(options(h)))
                .isInstanceOf(PkiException.class)
                .hasMessage("Could not initialise the CA in " + h.dir() + ": it already exists; nothing was changed.");
        assertThat(tree(h.dir())).containsExactly("db");
    }

    static Stream<Arguments> rejectedOptions() {
        CaHierarchy other = new CaHierarchyFactory(CLOCK).create("Other", KeyType.EC_P256, InitOptions.TEN_YEARS, InitOptions.TEN_YEARS);
        CaHierarchy expired = new CaHierarchyFactory(Clock.fixed(NOW.minus(Duration.ofDays(2)), ZoneOffset.UTC))
                .create("Old", KeyType.EC_P256, Duration.ofDays(1), Duration.ofDays(1));
        return Stream.of(
                argumentSet("fail/invalid-dns-name", op(o -> new InitOptions(o.home(), o.name(), List.of("bad..name"), o.address(),
                                o.provisioner(), null, false, o.keyType(), o.rootValidity(), o.intermediateValidity(), null, null, null, false)),
                        "--dns bad..name: The DNS name \"bad..name\" has an empty label."),
                argumentSet("fail/email-as-dns-name", op(o -> new InitOptions(o.home(), o.name(), List.of("ops@example.com"), o.address(),
                                o.provisioner(), null, false, o.keyType(), o.rootValidity(), o.intermediateValidity(), null, null, null, false)),
                        "--dns ops@example.com is not a DNS name or IP address."),
                argumentSet("fail/no-dns-names", op(o -> new InitOptions(o.home(), o.name(), List.of(), o.address(),
                                o.provisioner(), null, false, o.keyType(), o.rootValidity(), o.intermediateValidity(), null, null, null, false)),
                        "The CA needs at least one DNS name or IP to serve HTTPS for (--dns)."),
                argumentSet("fail/no-name", op(o -> new InitOptions(o.home(), " ", o.dnsNames(), o.address(),
                                o.provisioner(), null, false, o.keyType(), o.rootValidity(), o.intermediateValidity(), null, null, null, false)),
                        "The CA needs a name (--name)."),
                argumentSet("fail/zero-root-validity", op(o -> new InitOptions(o.home(), o.name(), o.dnsNames(), o.address(),
                                o.provisioner(), null, false, o.keyType(), Duration.ZERO, o.intermediateValidity(), null, null, null, false)),
                        "--root-validity must be a positive duration."),
                argumentSet("fail/bad-address", op(o -> new InitOptions(o.home(), o.name(), o.dnsNames(), ":99999",
                                o.provisioner(), null, false, o.keyType(), o.rootValidity(), o.intermediateValidity(), null, null, null, false)),
                        "The value of \"address\" in the new configuration is invalid: \":99999\" is not a listen address like :9000 or 127.0.0.1:9000."),
                argumentSet("fail/existing-root-not-a-ca", op(o -> with(o, null, leafOf(other), other.rootKey(), null, false)),
                        "The root certificate CN=leaf.example.com is not a CA certificate."),
                argumentSet("fail/existing-root-key-mismatch", op(o -> with(o, null, other.root(), other.intermediateKey(), null, false)),
                        "The root key does not belong to the root certificate."),
                argumentSet("fail/existing-root-expired", op(o -> with(o, null, expired.root(), expired.rootKey(), null, false)),
                        "The root certificate expired at 2026-02-28T12:00:00Z."));
    }

    private static UnaryOperator<InitOptions> op(UnaryOperator<InitOptions> f) {
        return f;
    }

    /** A CA:false certificate signed by the other CA's root. */
    private static X509Certificate leafOf(CaHierarchy ca) {
        var key = KeyType.EC_P256.generate();
        return dev.signet.pki.CertificateBuilder.issue(new dev.signet.pki.CertificateSpec(
                dev.signet.pki.CertificateSpec.commonName("leaf.example.com"), key.getPublic(), dev.signet.pki.SerialNumbers.random(),
                NOW, NOW.plus(Duration.ofDays(1)), dev.signet.pki.CertificateProfile.LEAF, List.of(), Set.of(), List.of()),
                ca.root(), ca.rootKey());
    }

    @ParameterizedTest
    @MethodSource("rejectedOptions")
    void rejectedInitLeavesNoHome(UnaryOperator<InitOptions> change, String message, @TempDir Path dir) {
        CaHome h = new CaHome(dir.resolve("ca"));
        assertThatThrownBy(() -> new CaInitializer(CLOCK).initialize(change.apply(options(h))))
                .isInstanceOf(PkiException.class)
                .hasMessage(message);
        assertThat(h.dir()).doesNotExist();
    }

    // ---- existing root -----------------------------------------------------------------------------------------

    @Test
    void existingRootSignsTheIntermediateAndItsKeyIsNotWritten(@TempDir Path dir) throws Exception {
        CaHierarchy corporate = new CaHierarchyFactory(CLOCK).create("Corporate", KeyType.EC_P384, InitOptions.TEN_YEARS, InitOptions.TEN_YEARS);
        CaHome h = new CaHome(dir.resolve("ca"));
        char[] pw = "given password".toCharArray();

        // also: a 48h default lifetime raises the maximum to 48h
        CaInitializer.Result r = new CaInitializer(CLOCK).initialize(
                with(options(h), pw, corporate.root(), corporate.rootKey(), Duration.ofHours(48), false));

        assertThat(tree(h.dir())).containsExactly("certs/", "certs/intermediate_ca.crt", "certs/root_ca.crt", "config/", "config/ca.json",
                "db/", "secrets/", "secrets/admin.crt", "secrets/admin_key", "secrets/intermediate_ca_key");
        X509Certificate root = Pem.readCertificate(h.rootCert());
        X509Certificate intermediate = Pem.readCertificate(h.intermediateCert());
        assertThat(root).isEqualTo(corporate.root());
        assertThat(intermediate.getIssuerX500Principal()).isEqualTo(corporate.root().getSubjectX500Principal());
        assertThatCode(() -> intermediate.verify(corporate.root().getPublicKey())).doesNotThrowAnyException();
        assertThat(intermediate.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertKeyMatches(Pem.readPrivateKey(h.intermediateKey(), pw), intermediate.getPublicKey());
        assertThat(r.rootFingerprint()).isEqualTo(Fingerprints.sha256(corporate.root()));
        assertThat(r.generatedPasswordFile()).isNull();

        assertThat(CaConfigFile.load(h.config()).authority().claims())
                .isEqualTo(new Claims(Duration.ofHours(48), Duration.ofMinutes(5), Duration.ofHours(48)));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Relative paths under {@code dir}, directories with a trailing slash, sorted; hidden entries included. */
    private static List<String> tree(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p) + (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        }
        return List.copyOf(out);
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void assertKeyMatches(PrivateKey key, PublicKey publicKey) throws Exception {
        String alg = KeyType.of(publicKey).signatureAlgorithm();
        byte[] data = "probe".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(publicKey);
        v.update(data);
        assertThat(v.verify(sig)).as("the key belongs to the certificate").isTrue();
    }
}
