package dev.signet.cli.ca;

import dev.signet.ca.home.CaInitializer;
import dev.signet.ca.home.InitOptions;
import dev.signet.cli.CliException;
import dev.signet.cli.Passwords;
import dev.signet.pki.GoDuration;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet ca init}: creates a CA home with a root, an intermediate, a config and an empty database. */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a new certificate authority in a CA home.")
public final class InitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HomeOption home;

    @Option(names = "--name", required = true, description = "Name of the CA (the root is \"<name> Root CA\").")
    String name;

    @Option(names = "--dns", split = ",", description = "DNS names and IPs the CA serves HTTPS for (repeatable or comma list; default: localhost,127.0.0.1).")
    List<String> dns;

    @Option(names = "--address", defaultValue = ":9000", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--provisioner", defaultValue = "acme", description = "Name of the first (ACME) provisioner (default: ${DEFAULT-VALUE}).")
    String provisioner;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the key password; without it a password is generated and kept in secrets/password.")
    Path passwordFile;

    @Option(names = "--key-type", defaultValue = "EC", description = "CA key type: EC (P-256), P-384, RSA-3072, RSA-4096 (default: ${DEFAULT-VALUE}).")
    String keyType;

    @Option(names = "--root-validity", defaultValue = "87600h", description = "Root lifetime (default: ${DEFAULT-VALUE}, ten years).")
    String rootValidity;

    @Option(names = "--intermediate-validity", defaultValue = "87600h", description = "Intermediate lifetime (default: ${DEFAULT-VALUE}).")
    String intermediateValidity;

    @Option(names = "--root", paramLabel = "CRT", description = "Existing root certificate to sign the intermediate with.")
    Path rootCert;

    @Option(names = "--root-key", paramLabel = "KEY", description = "Key of the --root certificate.")
    Path rootKey;

    @Option(names = "--root-key-password-file", paramLabel = "FILE", description = "Password of --root-key when it differs from --password-file.")
    Path rootKeyPasswordFile;

    @Option(names = "--force", description = "Replace an existing CA in the home.")
    boolean force;

    @Override
    public Integer call() {
        char[] password = passwordFile == null ? null : Passwords.fromFile(passwordFile);
        InitOptions options = options(password, false, null);
        CaInitializer.Result r = new CaInitializer(Clock.systemUTC()).initialize(options);
        print(spec.commandLine().getOut(), r, provisioner);
        return 0;
    }

    InitOptions options(char[] password, boolean storePassword, java.time.Duration defaultValidity) {
        KeyType type = CliException.forFlag("--key-type", () -> KeyType.parse(keyType));
        if (type == KeyType.RSA_2048 || type == KeyType.ED25519) {
            throw new CliException("--key-type " + keyType + " is not offered for CA keys; use EC, P-384, RSA-3072 or RSA-4096.");
        }
        X509Certificate root = null;
        PrivateKey key = null;
        if ((rootCert == null) != (rootKey == null)) throw new CliException("--root and --root-key go together.");
        if (rootCert != null) {
            root = Pem.readCertificate(rootCert);
            char[] keyPassword = rootKeyPasswordFile != null ? Passwords.fromFile(rootKeyPasswordFile) : password;
            byte[] keyBytes = SecureFiles.read(rootKey, "root key");
            key = Pem.parsePrivateKey(keyBytes, rootKey.toString(), Pem.isEncryptedKey(keyBytes) ? keyPassword : null);
        }
        return new InitOptions(home.resolve(), name, dns == null || dns.isEmpty() ? List.of("localhost", "127.0.0.1") : dns,
                address, provisioner, password, storePassword, type,
                CliException.forFlag("--root-validity", () -> GoDuration.parse(rootValidity)),
                CliException.forFlag("--intermediate-validity", () -> GoDuration.parse(intermediateValidity)),
                root, key, defaultValidity, force);
    }

    static void print(PrintWriter out, CaInitializer.Result r, String provisioner) {
        out.println("Your CA is ready in " + r.home().dir());
        out.println("Root certificate:      " + r.home().rootCert());
        out.println("Root fingerprint:      " + r.rootFingerprint());
        out.println("Intermediate:          " + r.home().intermediateCert());
        out.println("ACME directory (" + provisioner + "): " + r.acmeDirectoryUrl());
        if (r.generatedPasswordFile() != null) {
            out.println("Key password stored in " + r.generatedPasswordFile() + " (mode 0400); keep a copy somewhere safe.");
        }
        out.flush();
    }

}
