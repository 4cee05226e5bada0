package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.cli.KeyTypeOptions;
import dev.signet.cli.acme.AcmeObtainer;
import dev.signet.tls.acme.AcmeTrust;
import dev.signet.tls.acme.Http01Responder;
import dev.signet.tls.acme.TlsAlpn01Responder;
import dev.signet.tls.acme.TlsAlpnChallenges;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import dev.signet.pki.SubjectName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.io.StringWriter;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.shredzone.acme4j.exception.AcmeException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca certificate SUBJECT CRT KEY}: obtains a certificate, either over ACME ({@code --acme DIRECTORY_URL},
 * answering the challenge with a stand-alone responder; the ACME account key lives under the CLI's config directory,
 * one per directory URL) or from {@code /sign} with a one-time token ({@code --token T}, or {@code --provisioner NAME
 * --password-file FILE} to mint one). The key pair is generated here and written 0600; only the CSR travels.
 */
@Command(name = "certificate", mixinStandardHelpOptions = true,
        description = "Obtain a certificate over ACME or with a one-time token; the key never leaves this machine.")
public final class CertificateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The first name of the certificate (DNS name or IP address).")
    String subject;

    @Parameters(index = "1", paramLabel = "CRT", description = "Where to write the certificate chain.")
    Path crtFile;

    @Parameters(index = "2", paramLabel = "KEY", description = "Where to write the new private key (mode 0600).")
    Path keyFile;

    @Option(names = "--acme", paramLabel = "DIRECTORY_URL", description = "Obtain over ACME from this directory URL.")
    String directory;

    @picocli.CommandLine.Mixin
    TokenOptions tokenOptions;

    @Option(names = "--not-after", description = "Token route: the lifetime (e.g. 24h) or end time (RFC 3339) to ask for.")
    String notAfter;

    @picocli.CommandLine.Mixin
    CaClientOptions ca;

    @Option(names = "--san", description = "A further DNS name or IP address (repeatable).")
    List<String> sans = new ArrayList<>();

    @ArgGroup(exclusive = true)
    Responder responder;

    static final class Responder {
        @Option(names = "--standalone-http", paramLabel = "PORT", description = "Answer http-01 on this port (default 80).")
        Integer http;

        @Option(names = "--standalone-tls", paramLabel = "PORT", description = "Answer tls-alpn-01 on this port.")
        Integer tls;
    }

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address the responder listens on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--contact", paramLabel = "EMAIL", description = "Contact email for a new account.")
    String contact;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "Where the CLI keeps ACME accounts (default: $SIGNET_CONFIG_DIR or ~/.signet).")
    Path configDir;

    @Option(names = "--timeout", defaultValue = "2m", description = "How long to wait for validation and issuance (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--force", description = "Overwrite CRT and KEY if they exist.")
    boolean force;

    @Mixin
    KeyTypeOptions keyOptions;

    @Override
    public Integer call() throws Exception {
        List<String> names = new ArrayList<>();
        for (String n : concat(subject, sans)) {
            SubjectName parsed = CliException.forFlag(n.equals(subject) ? "SUBJECT" : "--san", () -> SubjectName.parse(n));
            if (parsed.type() != SubjectName.Type.DNS && parsed.type() != SubjectName.Type.IP) {
                throw new CliException("\"" + n + "\" is not a DNS name or IP address; ACME certifies only those.");
            }
            if (!names.contains(parsed.value())) names.add(parsed.value());
        }
        if (!force) {
            for (Path f : List.of(crtFile, keyFile)) {
                if (Files.exists(f)) throw new CliException("The file " + f + " already exists; use --force to overwrite it.");
            }
        }
        Duration wait = CliException.forFlag("--timeout", () -> dev.signet.pki.GoDuration.parse(timeout));
        KeyType type = keyOptions.keyType();
        if ((directory != null) == tokenOptions.given()) {
            throw new CliException("Give exactly one of --acme, --provisioner (with --password-file) and --token.");
        }
        if (directory == null) {
            return signWithToken(names, type);
        }
        URI dir = CliException.forFlag("--acme", () -> {
            URI u = URI.create(directory);
            if (!"https".equals(u.getScheme())) throw new IllegalArgumentException("\"" + directory + "\" is not an https URL.");
            return u;
        });
        AcmeTrust.installBouncyCastle();
        Session session = ca.root == null ? new Session(dir) : new Session(dir, AcmeTrust.trusting(Pem.readCertificates(ca.root)));
        KeyPair accountKey = accountKey(dir);
        KeyPair certKey = type.generate();
        AcmeObtainer obtainer = new AcmeObtainer(session, wait);
        List<X509Certificate> chain;
        try {
            var account = obtainer.account(accountKey, contact);
            if (responder != null && responder.tls != null) {
                try (TlsAlpn01Responder tls = new TlsAlpn01Responder(new InetSocketAddress(bind, responder.tls), new TlsAlpnChallenges())) {
                    chain = obtainer.obtain(account, names, certKey, null, tls);
                }
            } else {
                int port = responder != null && responder.http != null ? responder.http : 80;
                try (Http01Responder http = new Http01Responder(new InetSocketAddress(bind, port))) {
                    chain = obtainer.obtain(account, names, certKey, http, null);
                }
            }
        } catch (AcmeException e) {
            throw new CliException("The ACME server at " + directory + " refused: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new CliException(e.getMessage());
        }
        save(certKey, chain);
        return 0;
    }

    private int signWithToken(List<String> names, KeyType type) {
        String ott = tokenOptions.token(ca, "sign", subject, names);
        KeyPair certKey = type.generate();
        var result = new dev.signet.cli.token.SignClient(ca.client(), ca.url()).sign(certKey, names, ott, notAfter);
        save(certKey, result);
        return 0;
    }

    private void save(KeyPair certKey, List<X509Certificate> chain) {
        SecureFiles.writeAtomically(keyFile, Pem.encodePrivateKey(certKey.getPrivate(), null).getBytes(StandardCharsets.US_ASCII),
                SecureFiles.OWNER_READ_WRITE);
        SecureFiles.writeAtomically(crtFile, Pem.encodeCertificates(chain).getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC_READ);
        var out = spec.commandLine().getOut();
        out.println("Your certificate has been saved in " + crtFile + ".");
        out.println("Your private key has been saved in " + keyFile + ".");
        out.println("Serial " + chain.get(0).getSerialNumber().toString(16) + ", valid until " + chain.get(0).getNotAfter().toInstant() + ".");
    }

    /** The account key for this directory: loaded when present, else created (P-256) and stored 0600. */
    private KeyPair accountKey(URI dir) {
        Path base = configDir != null ? configDir
                : System.getenv("SIGNET_CONFIG_DIR") != null ? Path.of(System.getenv("SIGNET_CONFIG_DIR"))
                : Path.of(System.getProperty("user.home"), ".signet");
        String id = Fingerprints.sha256(dir.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Path file = base.resolve("acme").resolve(id).resolve("account.key");
        try {
            if (Files.exists(file)) {
                try (var r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                    return KeyPairUtils.readKeyPair(r);
                }
            }
            KeyPair k = KeyPairUtils.createECKeyPair("secp256r1");
            StringWriter pem = new StringWriter();
            KeyPairUtils.writeKeyPair(k, pem);
            SecureFiles.createDirectory(file.getParent(), SecureFiles.OWNER_ONLY_DIR);
            SecureFiles.writeAtomically(file, pem.toString().getBytes(StandardCharsets.US_ASCII), SecureFiles.OWNER_READ_WRITE);
            return k;
        } catch (java.io.IOException e) {
            throw new CliException("The ACME account key " + file + " cannot be read: " + e.getMessage() + ".");
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
