package dev.signet.cli.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.testing.Peers;
import dev.signet.cli.CliRun;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The offline certificate commands, run in-process as a user would type them, with exit codes and messages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateCommandsTest {
    @TempDir static Path dir;
    Path rootCrt, rootKey, intCrt, intKey, leafCrt, leafKey;

    @BeforeAll
    void createHierarchy() {
        rootCrt = dir.resolve("root.crt");
        rootKey = dir.resolve("root.key");
        intCrt = dir.resolve("int.crt");
        intKey = dir.resolve("int.key");
        leafCrt = dir.resolve("leaf.crt");
        leafKey = dir.resolve("leaf.key");
        assertThat(CliRun.of("certificate", "create", "Test Root", rootCrt.toString(), rootKey.toString(), "--profile", "root-ca").exit()).isZero();
        assertThat(CliRun.of("certificate", "create", "Test Intermediate", intCrt.toString(), intKey.toString(),
                "--profile", "intermediate-ca", "--ca", rootCrt.toString(), "--ca-key", rootKey.toString(), "--not-after", "8760h").exit()).isZero();
        CliRun leaf = CliRun.of("certificate", "create", "svc.example.test", leafCrt.toString(), leafKey.toString(),
                "--ca", intCrt.toString(), "--ca-key", intKey.toString(), "--san", "svc.example.test", "--san", "10.1.2.3");
        assertThat(leaf.exit()).as(leaf.err()).isZero();
        assertThat(leaf.out()).isEqualTo("Your certificate has been saved in " + leafCrt + ".\nYour private key has been saved in " + leafKey + ".\n");
    }

    @Test
    void createdFilesHaveTheProfilesExtensionsAndModes() throws Exception {
        X509Certificate root = Pem.readCertificate(rootCrt);
        X509Certificate intermediate = Pem.readCertificate(intCrt);
        List<X509Certificate> leafChain = Pem.readCertificates(leafCrt);
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(intermediate.getBasicConstraints()).isZero();
        assertThat(leafChain).hasSize(2);
        assertThat(leafChain.get(0).getBasicConstraints()).isEqualTo(-1);
        assertThat(leafChain.get(1)).isEqualTo(intermediate);
        assertThat(leafChain.get(0).getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).containsExactly("svc.example.test", "10.1.2.3");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(leafKey))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(leafCrt))).isEqualTo("rw-r--r--");
    }

    @Test
    void verifyAcceptsTheChainAndTheHost() {
        CliRun r = CliRun.of("certificate", "verify", leafCrt.toString(), "--roots", rootCrt.toString(), "--host", "svc.example.test");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(leafCrt + ": OK\n");
        assertThat(CliRun.of("certificate", "verify", leafCrt.toString(), "--roots", rootCrt.toString(), "--host", "10.1.2.3").exit()).isZero();
    }

    @Test
    void openSslAgreesWithTheChain() throws Exception {
        Peers.Result r = Peers.run(List.of("openssl", "verify", "-CAfile", rootCrt.toString(), "-untrusted", intCrt.toString(), leafCrt.toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(": OK");
    }

    @Test
    void verifyRejectsAWrongHost() {
        CliRun r = CliRun.of("certificate", "verify", leafCrt.toString(), "--roots", rootCrt.toString(), "--host", "other.example.test");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: The certificate is not valid for other.example.test; it names [svc.example.test, 10.1.2.3].\n");
    }

    @Test
    void verifyRejectsAnUnrelatedRoot() {
        Path otherRoot = dir.resolve("other-root.crt");
        assertThat(CliRun.of("certificate", "create", "Other Root", otherRoot.toString(), dir.resolve("other-root.key").toString(), "--profile", "root-ca").exit()).isZero();
        CliRun r = CliRun.of("certificate", "verify", leafCrt.toString(), "--roots", otherRoot.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: The certificate does not chain to the given roots: ");
    }

    @Test
    void fingerprintMatchesTheLibrary() {
        CliRun r = CliRun.of("certificate", "fingerprint", rootCrt.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(Fingerprints.sha256(Pem.readCertificate(rootCrt)) + "\n");
    }

    @Test
    void inspectJsonUsesStepFieldNames() throws Exception {
        CliRun r = CliRun.of("certificate", "inspect", leafCrt.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        X509Certificate leaf = Pem.readCertificate(leafCrt);
        assertThat(json.path("validity").path("end").asText()).isEqualTo(leaf.getNotAfter().toInstant().toString());
        assertThat(json.path("serial_number").asText()).isEqualTo(leaf.getSerialNumber().toString());
        assertThat(json.path("extensions").path("subject_alt_name").path("dns_names").get(0).asText()).isEqualTo("svc.example.test");
        CliRun text = CliRun.of("certificate", "inspect", leafCrt.toString());
        assertThat(text.out()).contains("Serial Number: " + leaf.getSerialNumber()).contains("Not After : " + leaf.getNotAfter().toInstant());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "renew/expires-in-longer-than-lifetime | 25h | 0",
        "renew/percent-100                     | 100% | 0",
        "not-yet/default-two-thirds            |      | 1",
        "not-yet/expires-in-short              | 1h   | 1",
        "error/bad-duration                    | soon | 255",
    })
    void needsRenewalExitCodes(String name, String expiresIn, int expected) {
        CliRun r = expiresIn == null
                ? CliRun.of("certificate", "needs-renewal", leafCrt.toString())
                : CliRun.of("certificate", "needs-renewal", leafCrt.toString(), "--expires-in", expiresIn);
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(expected);
    }

    @Test
    void needsRenewalMissingFileIsTwoAndGarbageIs255() throws Exception {
        CliRun missing = CliRun.of("certificate", "needs-renewal", dir.resolve("absent.crt").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("The certificate file " + dir.resolve("absent.crt") + " does not exist.\n");
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
        assertThat(CliRun.of("certificate", "needs-renewal", garbage.toString()).exit()).isEqualTo(255);
        assertThat(CliRun.of("certificate", "needs-renewal").exit()).as("missing argument").isEqualTo(255);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "fail/leaf-without-issuer | --profile,leaf | error: A leaf certificate needs its issuer: give --ca and --ca-key.",
        "fail/unknown-profile     | --profile,server | error: --profile: \"server\" is not a profile; use root-ca, intermediate-ca or leaf.",
        "fail/bad-san             | --profile,root-ca,--san,a..b | error: --san: The DNS name \"a..b\" has an empty label.",
        "fail/bad-not-after       | --profile,root-ca,--not-after,forever | error: --not-after: \"forever\" is neither a duration like 8760h nor an RFC 3339 time.",
        "fail/bad-kty             | --profile,root-ca,--kty,DSA | error: --kty must be EC, RSA or OKP, not \"DSA\".",
    })
    void createRejectsBadInputWithOneSentence(String name, String flags, String expected) {
        String[] base = {"certificate", "create", "x.example.test", dir.resolve(name.replace('/', '-') + ".crt").toString(),
                dir.resolve(name.replace('/', '-') + ".key").toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(flags.split(","))).toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(expected + "\n");
        assertThat(dir.resolve(name.replace('/', '-') + ".key")).doesNotExist();
    }

    @Test
    void createRefusesToOverwrite() {
        CliRun r = CliRun.of("certificate", "create", "x", leafCrt.toString(), dir.resolve("new.key").toString(), "--profile", "root-ca");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: The file " + leafCrt + " already exists; use --force to overwrite it.\n");
    }

    @Test
    void encryptedKeysNeedTheirPassword() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw.txt"), "correct horse\n");
        Path crt = dir.resolve("enc-root.crt");
        Path key = dir.resolve("enc-root.key");
        assertThat(CliRun.of("certificate", "create", "Enc Root", crt.toString(), key.toString(), "--profile", "root-ca",
                "--password-file", pw.toString()).exit()).isZero();
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "battery staple\n");
        CliRun r = CliRun.of("certificate", "create", "leaf.example.test", dir.resolve("l.crt").toString(), dir.resolve("l.key").toString(),
                "--ca", crt.toString(), "--ca-key", key.toString(), "--ca-password-file", wrong.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: The password does not decrypt the key in " + key + ".\n");
        assertThat(CliRun.of("certificate", "create", "leaf.example.test", dir.resolve("l.crt").toString(), dir.resolve("l.key").toString(),
                "--ca", crt.toString(), "--ca-key", key.toString(), "--ca-password-file", pw.toString()).exit()).isZero();
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : List.of(new String[] {"--help"}, new String[] {"ca", "--help"}, new String[] {"ca", "init", "--help"},
                new String[] {"ca", "start", "--help"}, new String[] {"ca", "health", "--help"}, new String[] {"ca", "root", "--help"},
                new String[] {"certificate", "create", "--help"}, new String[] {"certificate", "verify", "--help"},
                new String[] {"certificate", "inspect", "--help"}, new String[] {"certificate", "fingerprint", "--help"},
                new String[] {"certificate", "needs-renewal", "--help"})) {
            CliRun r = CliRun.of(cmd);
            assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).startsWith("Usage: signet");
        }
    }
}
