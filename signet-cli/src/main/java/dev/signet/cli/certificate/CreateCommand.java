package dev.signet.cli.certificate;

import dev.signet.cli.CliException;
import dev.signet.cli.Passwords;
import dev.signet.pki.CertificateBuilder;
import dev.signet.pki.CertificateProfile;
import dev.signet.pki.CertificateSpec;
import dev.signet.pki.GoDuration;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import dev.signet.pki.SerialNumbers;
import dev.signet.pki.SubjectName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet certificate create SUBJECT CRT KEY --profile root-ca|intermediate-ca|leaf}: makes a key pair locally
 * and a certificate for it, self-signed (root) or signed by {@code --ca}/{@code --ca-key}; for manual (Tier 2)
 * certificates. A leaf without {@code --san} gets SUBJECT as its only name. The key is written 0600, unencrypted
 * unless {@code --password-file} is given; the certificate 0644 with the issuer appended for leaves.
 */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key pair and a certificate (root, intermediate or leaf).")
public final class CreateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "Subject common name (and the default SAN of a leaf).")
    String subject;

    @Parameters(index = "1", paramLabel = "CRT", description = "Where to write the certificate.")
    Path crtFile;

    @Parameters(index = "2", paramLabel = "KEY", description = "Where to write the private key.")
    Path keyFile;

    @Option(names = "--profile", defaultValue = "leaf", description = "root-ca, intermediate-ca or leaf (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--ca", paramLabel = "CRT", description = "Issuer certificate (intermediate-ca and leaf).")
    Path caCert;

    @Option(names = "--ca-key", paramLabel = "KEY", description = "Issuer key.")
    Path caKey;

    @Option(names = "--ca-password-file", paramLabel = "FILE", description = "Password of an encrypted --ca-key.")
    Path caPasswordFile;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Encrypt the new key with this file's password.")
    Path passwordFile;

    @Option(names = "--not-after", description = "Lifetime (e.g. 8760h) or an RFC 3339 time; default 87600h for CAs, 24h for leaves.")
    String notAfter;

    @Option(names = "--san", description = "Subject alternative name: DNS name, IP, email or URI (repeatable).")
    List<String> sans;

    @picocli.CommandLine.Mixin
    dev.signet.cli.KeyTypeOptions keyOptions;

    @Option(names = "--force", description = "Overwrite CRT and KEY if they exist.")
    boolean force;

    @Override
    public Integer call() {
        CertificateProfile p = CliException.forFlag("--profile", () -> CertificateProfile.parse(profile));
        if (!force) {
            for (Path f : List.of(crtFile, keyFile)) {
                if (Files.exists(f)) throw new CliException("The file " + f + " already exists; use --force to overwrite it.");
            }
        }
        if (p == CertificateProfile.ROOT_CA && (caCert != null || caKey != null)) {
            throw new CliException("A root-ca is self-signed; drop --ca and --ca-key.");
        }
        if (p != CertificateProfile.ROOT_CA && (caCert == null || caKey == null)) {
            throw new CliException("A " + p.flag() + " certificate needs its issuer: give --ca and --ca-key.");
        }
        List<SubjectName> names = CliException.forFlag("--san", () -> SubjectName.parseAll(sans));
        if (p == CertificateProfile.LEAF && names.isEmpty()) names = List.of(CliException.forFlag("SUBJECT", () -> SubjectName.parse(subject)));
        KeyType type = keyOptions.keyType();
        Instant now = Instant.now();
        Instant start = now.minus(Duration.ofMinutes(1));
        Instant end = end(p, now);
        KeyPair pair = type.generate();
        CertificateSpec certSpec = new CertificateSpec(CertificateSpec.commonName(subject), pair.getPublic(), SerialNumbers.random(),
                start, end, p, names, Set.of(), List.of());
        X509Certificate cert;
        List<X509Certificate> chainOut;
        if (p == CertificateProfile.ROOT_CA) {
            cert = CertificateBuilder.selfSigned(certSpec, pair.getPrivate());
            chainOut = List.of(cert);
        } else {
            X509Certificate issuer = Pem.readCertificate(caCert);
            if (issuer.getBasicConstraints() < 0) throw new CliException("The --ca certificate " + caCert + " is not a CA certificate.");
            byte[] keyBytes = SecureFiles.read(caKey, "CA key");
            char[] caPassword = Pem.isEncryptedKey(keyBytes)
                    ? (caPasswordFile != null ? Passwords.fromFile(caPasswordFile) : promptOrFail())
                    : null;
            PrivateKey issuerKey = Pem.parsePrivateKey(keyBytes, caKey.toString(), caPassword);
            if (end.isAfter(issuer.getNotAfter().toInstant())) {
                throw new CliException("The certificate would outlive its issuer, which expires at " + issuer.getNotAfter().toInstant() + "; shorten --not-after.");
            }
            cert = CertificateBuilder.issue(certSpec, issuer, issuerKey);
            try {
                cert.verify(issuer.getPublicKey());
            } catch (Exception e) {
                throw new CliException("The --ca-key " + caKey + " does not belong to the --ca certificate " + caCert + ".");
            }
            chainOut = p == CertificateProfile.LEAF ? List.of(cert, issuer) : List.of(cert);
        }
        char[] password = passwordFile == null ? null : Passwords.fromFile(passwordFile);
        SecureFiles.writeAtomically(keyFile, Pem.encodePrivateKey(pair.getPrivate(), password).getBytes(StandardCharsets.US_ASCII),
                SecureFiles.OWNER_READ_WRITE);
        SecureFiles.writeAtomically(crtFile, Pem.encodeCertificates(chainOut).getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC_READ);
        spec.commandLine().getOut().println("Your certificate has been saved in " + crtFile + ".");
        spec.commandLine().getOut().println("Your private key has been saved in " + keyFile + ".");
        return 0;
    }

    private Instant end(CertificateProfile p, Instant now) {
        if (notAfter == null) return now.plus(p.isCa() ? Duration.ofHours(87600) : Duration.ofHours(24));
        try {
            return now.plus(GoDuration.parse(notAfter));
        } catch (IllegalArgumentException e) {
            try {
                return java.time.OffsetDateTime.parse(notAfter).toInstant();
            } catch (DateTimeParseException e2) {
                throw new CliException("--not-after: \"" + notAfter + "\" is neither a duration like 8760h nor an RFC 3339 time.");
            }
        }
    }

    private static char[] promptOrFail() {
        char[] p = Passwords.prompt("Password for the CA key: ");
        if (p == null) throw new CliException("The --ca-key is encrypted; give --ca-password-file.");
        return p;
    }

}
