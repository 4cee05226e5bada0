package dev.signet.ca.home;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.ConfigException;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.signer.AdminCertificates;
import dev.signet.ca.signer.CaHierarchy;
import dev.signet.ca.signer.CaHierarchyFactory;
import dev.signet.ca.signer.CaKeyFiles;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.PkiException;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import dev.signet.pki.SubjectName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates a CA home: keys, certificates, config and an empty database directory. All or nothing: everything is
 * written into a hidden staging directory inside the home and then moved into place, {@code config/} last (its
 * presence is what marks a home as initialised). On failure everything written is removed and, with {@code --force},
 * the replaced CA is put back.
 *
 * <p>Not thread-safe for one home; two initialisations of the same home must not run at once.
 */
public final class CaInitializer {
    private static final List<String> ENTRIES = List.of("certs", "secrets", "db", "config");
    private final Clock clock;

    public CaInitializer(Clock clock) {
        this.clock = clock;
    }

    /** What an initialisation produced, for the user. */
    public record Result(CaHome home, String rootFingerprint, String acmeDirectoryUrl, Path generatedPasswordFile) {}

    public Result initialize(InitOptions o) {
        CaConfig config = configFor(o);
        CaHome home = o.home();
        List<String> present = ENTRIES.stream().filter(e -> Files.exists(home.dir().resolve(e))).toList();
        if (!present.isEmpty() && !o.force()) {
            throw new PkiException("The CA home " + home.dir() + " already holds " + (home.isInitialized() ? "a CA" : "CA files ("
                    + String.join(", ", present) + ")") + "; use --force to replace it.");
        }
        CaHierarchy ca = o.existingRoot() == null
                ? new CaHierarchyFactory(clock).create(o.name(), o.keyType(), o.rootValidity(), o.intermediateValidity())
                : new CaHierarchyFactory(clock).withExistingRoot(o.name(), o.keyType(), o.intermediateValidity(), o.existingRoot(), o.existingRootKey());

        boolean createdHome = !Files.exists(home.dir());
        Path staging = null;
        Path replaced = null;
        List<String> moved = new ArrayList<>();
        try {
            SecureFiles.createDirectory(home.dir(), SecureFiles.OWNER_ONLY_DIR);
            staging = Files.createTempDirectory(home.dir(), ".signet-init-");
            char[] password = o.password();
            boolean storePassword = o.storePassword();
            if (password == null) {
                password = generatePassword();
                storePassword = true;
            }
            writeStaged(new CaHome(staging), config, ca, password, storePassword);
            if (!present.isEmpty()) {
                replaced = Files.createTempDirectory(home.dir(), ".signet-replaced-");
                for (String e : present) Files.move(home.dir().resolve(e), replaced.resolve(e));
            }
            for (String e : ENTRIES) {
                Files.move(staging.resolve(e), home.dir().resolve(e));
                moved.add(e);
            }
            SecureFiles.deleteTree(staging);
            staging = null;
            if (replaced != null) SecureFiles.deleteTree(replaced);
            return new Result(home, Fingerprints.sha256(ca.root()), acmeDirectoryUrl(config, o.provisioner()),
                    storePassword && o.password() == null ? home.passwordFile() : null);
        } catch (IOException | RuntimeException e) {
            rollback(home, staging, replaced, moved, createdHome);
            if (e instanceof PkiException) throw (PkiException) e;
            throw new PkiException("Could not initialise the CA in " + home.dir() + ": " + SecureFiles.describe(e) + "; nothing was changed.", e);
        }
    }

    /** The ACME directory URL of a provisioner, on the config's first DNS name. */
    public static String acmeDirectoryUrl(CaConfig config, String provisioner) {
        return baseUrl(config) + "/acme/" + provisioner + "/directory";
    }

    /** {@code https://<first dnsName>:<port>}. */
    public static String baseUrl(CaConfig config) {
        String host = config.dnsNames().get(0);
        if (host.contains(":")) host = "[" + host + "]";
        int port = config.port();
        return "https://" + host + (port == 443 ? "" : ":" + port);
    }

    private CaConfig configFor(InitOptions o) {
        if (o.name() == null || o.name().isBlank()) throw new PkiException("The CA needs a name (--name).");
        if (o.dnsNames().isEmpty()) throw new PkiException("The CA needs at least one DNS name or IP to serve HTTPS for (--dns).");
        for (String n : o.dnsNames()) {
            SubjectName parsed;
            try {
                parsed = SubjectName.parse(n);
            } catch (IllegalArgumentException e) {
                throw new PkiException("--dns " + n + ": " + e.getMessage());
            }
            if (parsed.type() != SubjectName.Type.DNS && parsed.type() != SubjectName.Type.IP) {
                throw new PkiException("--dns " + n + " is not a DNS name or IP address.");
            }
        }
        requirePositive(o.rootValidity(), "--root-validity");
        requirePositive(o.intermediateValidity(), "--intermediate-validity");
        Claims claims = Claims.DEFAULTS;
        if (o.defaultCertDuration() != null) {
            Duration d = o.defaultCertDuration();
            requirePositive(d, "the default certificate validity");
            claims = new Claims(d, d.compareTo(claims.minTLSCertDuration()) < 0 ? d : claims.minTLSCertDuration(),
                    d.compareTo(claims.maxTLSCertDuration()) > 0 ? d : claims.maxTLSCertDuration());
        }
        CaConfig config = new CaConfig(o.address(), o.dnsNames(), null, null, null,
                new CaConfig.Db("sqlite", "db/signet.db"), null,
                new CaConfig.Authority(claims, List.of(new ProvisionerConfig(o.provisioner(), "ACME", null))),
                new CaConfig.Logger("text", new CaConfig.Audit(true, "logs/audit.log")), null);
        try {
            return CaConfigFile.parse(CaConfigFile.toJson(config), "the new configuration");
        } catch (ConfigException e) {
            throw new PkiException(e.getMessage(), e);
        }
    }

    private void writeStaged(CaHome staged, CaConfig config, CaHierarchy ca, char[] password, boolean storePassword) {
        SecureFiles.createDirectory(staged.dir().resolve("certs"), SecureFiles.PUBLIC_READ_DIR);
        SecureFiles.createDirectory(staged.dir().resolve("secrets"), SecureFiles.OWNER_ONLY_DIR);
        SecureFiles.createDirectory(staged.dir().resolve("config"), SecureFiles.OWNER_ONLY_DIR);
        SecureFiles.createDirectory(staged.db(), SecureFiles.OWNER_ONLY_DIR);
        CaKeyFiles.writeCertificate(staged.rootCert(), ca.root());
        CaKeyFiles.writeCertificate(staged.intermediateCert(), ca.intermediate());
        if (ca.rootKey() != null) CaKeyFiles.writeKey(staged.rootKey(), ca.rootKey(), password);
        CaKeyFiles.writeKey(staged.intermediateKey(), ca.intermediateKey(), password);
        AdminCertificates.Admin admin = AdminCertificates.issue(ca, clock);
        SecureFiles.writeAtomically(staged.adminCert(), Pem.encodeCertificates(java.util.List.of(admin.certificate(), ca.intermediate()))
                .getBytes(StandardCharsets.US_ASCII), SecureFiles.OWNER_READ_ONLY);
        SecureFiles.writeAtomically(staged.adminKey(), Pem.encodePrivateKey(admin.key().getPrivate(), null).getBytes(StandardCharsets.US_ASCII),
                SecureFiles.OWNER_READ_ONLY);
        if (storePassword) {
            SecureFiles.writeAtomically(staged.passwordFile(), (new String(password) + "\n").getBytes(StandardCharsets.UTF_8),
                    SecureFiles.OWNER_READ_ONLY);
        }
        CaConfigFile.write(config, staged.config());
    }

    private static char[] generatePassword() {
        byte[] bytes = new byte[32];
        dev.signet.pki.Crypto.RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) throw new PkiException(what + " must be a positive duration.");
    }

    private static void rollback(CaHome home, Path staging, Path replaced, List<String> moved, boolean createdHome) {
        try {
            for (String e : moved) SecureFiles.deleteTree(home.dir().resolve(e));
            if (staging != null) SecureFiles.deleteTree(staging);
            if (replaced != null) {
                try (Stream<Path> s = Files.list(replaced)) {
                    for (Path p : s.toList()) Files.move(p, home.dir().resolve(p.getFileName()));
                }
                SecureFiles.deleteTree(replaced);
            }
            if (createdHome) SecureFiles.deleteTree(home.dir());
        } catch (IOException ignored) {
            // best effort; the original error is what the user needs to see
        }
    }
}
