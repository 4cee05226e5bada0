package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PEM reading and writing. Every encrypted key costs about half a second (PBKDF2, 600 000 iterations) to write and
 * again to read, so one encrypted key is shared by the tests that only need "some encrypted key".
 */
class PemTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path dir;

    private static KeyPair sharedPair;
    private static Path sharedEncryptedKey;

    @BeforeAll
    static void writeOneEncryptedKey() throws IOException {
        sharedPair = KeyType.EC_P256.generate();
        sharedEncryptedKey = dir.resolve("shared.key");
        Files.writeString(sharedEncryptedKey, Pem.encodePrivateKey(sharedPair.getPrivate(), PASSWORD));
    }

    // ---- private keys ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "encrypted/{0}")
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
    void encryptedKeyRoundTrips(KeyType type) throws Exception {
        KeyPair pair = type.generate();
        String pem = Pem.encodePrivateKey(pair.getPrivate(), PASSWORD);

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n").endsWith("-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThat(Pem.isEncryptedKey(pem.getBytes(StandardCharsets.US_ASCII))).isTrue();
        PrivateKey back = Pem.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII), "k.pem", PASSWORD);
        assertThat(back.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertSignsFor(back, pair.getPublic(), type);
    }

    @ParameterizedTest(name = "plain/{0}")
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048", "ED25519"})
    void plainKeyRoundTrips(KeyType type) throws Exception {
        KeyPair pair = type.generate();
        Path file = dir.resolve("plain-" + type + ".key");
        Files.writeString(file, Pem.encodePrivateKey(pair.getPrivate(), null));

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.isEncryptedKey(Files.readAllBytes(file))).isFalse();
        PrivateKey back = Pem.readPrivateKey(file, null);
        assertThat(back.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertSignsFor(back, pair.getPublic(), type);
    }

    @Test
    void wrongPasswordIsReportedAsSuch() {
        assertThatThrownBy(() -> Pem.readPrivateKey(sharedEncryptedKey, "wrong".toCharArray()))
                .isInstanceOf(PkiException.class)
                .hasMessage("The password does not decrypt the key in " + sharedEncryptedKey + ".");
    }

    @Test
    void encryptedKeyWithoutPasswordAsksForThePasswordFile() {
        assertThatThrownBy(() -> Pem.readPrivateKey(sharedEncryptedKey, null))
                .isInstanceOf(PkiException.class)
                .hasMessage("The key in " + sharedEncryptedKey + " is encrypted; give its password (--password-file).");
    }

    @Test
    void fileWithoutKeyOrMissingFileIsNamed() throws IOException {
        Path certOnly = dir.resolve("cert-only.pem");
        Files.writeString(certOnly, Pem.encodeCertificate(selfSigned()));
        assertThatThrownBy(() -> Pem.readPrivateKey(certOnly, null)).hasMessage(certOnly + " holds no private key.");

        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> Pem.readPrivateKey(missing, null)).hasMessage("The key file " + missing + " does not exist.");
    }

    // ---- certificates -----------------------------------------------------------------------------------------

    @Test
    void certificatesRoundTripAsPemInFileOrder() throws Exception {
        X509Certificate a = selfSigned();
        X509Certificate b = selfSigned();
        Path file = dir.resolve("chain.pem");
        Files.writeString(file, Pem.encodeCertificates(List.of(a, b)));

        assertThat(Pem.readCertificates(file)).containsExactly(a, b);
        assertThat(Pem.readCertificate(file)).isEqualTo(a);
        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void certificatesAreReadFromDer() throws Exception {
        X509Certificate a = selfSigned();
        Path file = dir.resolve("cert.der");
        Files.write(file, a.getEncoded());

        assertThat(Pem.readCertificates(file)).containsExactly(a);
    }

    @Test
    void pemBlocksOtherThanCertificatesAreSkipped() throws Exception {
        X509Certificate a = selfSigned();
        String mixed = Pem.encodePrivateKey(KeyType.EC_P256.generate().getPrivate(), null) + Pem.encodeCertificate(a);
        assertThat(Pem.parseCertificates(mixed.getBytes(StandardCharsets.US_ASCII), "mixed.pem")).containsExactly(a);
    }

    @Test
    void fileHoldingNoCertificateIsRejected() throws IOException {
        Path keyOnly = dir.resolve("key-only.pem");
        Files.writeString(keyOnly, Pem.encodePrivateKey(KeyType.EC_P256.generate().getPrivate(), null));

        assertThatThrownBy(() -> Pem.readCertificates(keyOnly))
                .isInstanceOf(PkiException.class)
                .hasMessage(keyOnly + " holds no certificate.");
        assertThatThrownBy(() -> Pem.parseCertificates(new byte[0], "empty.crt"))
                .hasMessage("empty.crt holds no certificate.");
        assertThatThrownBy(() -> Pem.readCertificates(dir.resolve("nope.crt")))
                .hasMessage("The certificate file " + dir.resolve("nope.crt") + " does not exist.");
    }

    @Test
    void garbageIsNotACertificateFile() {
        assertThatThrownBy(() -> Pem.parseCertificates("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n".getBytes(StandardCharsets.US_ASCII), "foo.pem"))
                .isInstanceOf(PkiException.class)
                .hasMessage("foo.pem is not a valid certificate file: unrecognised object: FOO.");
    }

    // ---- OpenSSL interoperability ------------------------------------------------------------------------------

    @Test
    void openSslReadsTheEncryptedKey() throws Exception {
        requireOpenSsl();
        Run r = run("openssl", "pkey", "-in", sharedEncryptedKey.toString(), "-passin", "pass:" + new String(PASSWORD), "-noout");
        assertThat(r.exit).as("openssl pkey output: %s", r.output).isZero();

        Run wrong = run("openssl", "pkey", "-in", sharedEncryptedKey.toString(), "-passin", "pass:wrong", "-noout");
        assertThat(wrong.exit).as("openssl must reject the wrong password").isNotZero();
    }

    @Test
    void encryptedKeyUsesPbes2WithPbkdf2HmacSha256AndAes256Cbc() throws Exception {
        assertThat(Files.readString(sharedEncryptedKey)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        requireOpenSsl();
        Run r = run("openssl", "asn1parse", "-in", sharedEncryptedKey.toString());
        assertThat(r.exit).as("openssl asn1parse output: %s", r.output).isZero();
        assertThat(r.output).contains("PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc");
        // the iteration count: 600000 = 0x927C0
        assertThat(r.output).containsPattern("INTEGER\\s+:0?927C0");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private record Run(int exit, String output) {}

    private static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("%s did not finish in 30 s", String.join(" ", command));
        }
        return new Run(p.exitValue(), out);
    }

    private static void requireOpenSsl() {
        boolean available;
        try {
            available = run("openssl", "version").exit == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("openssl is not installed, but CI=true requires the OpenSSL interoperability tests to run");
        }
        Assumptions.assumeTrue(available, "openssl is not installed");
    }

    private static X509Certificate selfSigned() {
        return TestCerts.root(KeyType.EC_P256.generate(), "PEM Test", NOW, NOW.plusSeconds(3600));
    }

    private static void assertSignsFor(PrivateKey key, PublicKey publicKey, KeyType type) throws GeneralSecurityException {
        byte[] data = "probe".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(type.signatureAlgorithm());
        s.initSign(key);
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(type.signatureAlgorithm());
        v.initVerify(publicKey);
        v.update(data);
        assertThat(v.verify(sig)).as("a signature by the decoded key verifies with the original public key").isTrue();
    }
}
