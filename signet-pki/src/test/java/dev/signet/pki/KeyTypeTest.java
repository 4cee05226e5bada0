package dev.signet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTypeTest {

    @ParameterizedTest(name = "ok/{0}")
    @CsvSource(delimiter = '|', value = {
        "EC          | EC_P256",
        "ec          | EC_P256",
        "P-256       | EC_P256",
        "p256        | EC_P256",
        "EC P-256    | EC_P256",
        "ECDSA       | EC_P256",
        "P-384       | EC_P384",
        "ec_p384     | EC_P384",
        "RSA         | RSA_3072",
        "rsa3072     | RSA_3072",
        "RSA-2048    | RSA_2048",
        "RSA 4096    | RSA_4096",
        "Ed25519     | ED25519",
        "OKP         | ED25519",
        "OKP-Ed25519 | ED25519",
        "' ed25519 ' | ED25519",
    })
    void parses(String text, KeyType expected) {
        assertThat(KeyType.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "fail/{0}")
    @ValueSource(strings = {"DSA", "RSA-1024", "P-521", "Ed448", "", "secp256k1"})
    void rejectsUnknownTypes(String text) {
        assertThatThrownBy(() -> KeyType.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not a key type; use one of EC P-256, P-384, RSA-2048, RSA-3072, RSA-4096, Ed25519.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "EC_P256  | EC P-256 | EC      | SHA256withECDSA",
        "EC_P384  | EC P-384 | EC      | SHA384withECDSA",
        "RSA_2048 | RSA 2048 | RSA     | SHA256withRSA",
        "RSA_3072 | RSA 3072 | RSA     | SHA256withRSA",
        "RSA_4096 | RSA 4096 | RSA     | SHA256withRSA",
        "ED25519  | Ed25519  | Ed25519 | Ed25519",
    })
    void namesFamiliesAndSignatureAlgorithms(KeyType type, String displayName, String family, String signatureAlgorithm) {
        assertThat(type.displayName()).isEqualTo(displayName);
        assertThat(type.family()).isEqualTo(family);
        assertThat(type.signatureAlgorithm()).isEqualTo(signatureAlgorithm);
    }

    static Stream<Arguments> publicKeys() {
        return Stream.of(
                argumentSet("ok/ec-p256", key(() -> KeyType.EC_P256.generate().getPublic()), KeyType.EC_P256, "EC P-256"),
                argumentSet("ok/ec-p384", key(() -> KeyType.EC_P384.generate().getPublic()), KeyType.EC_P384, "EC P-384"),
                argumentSet("ok/ed25519-jdk", key(() -> KeyType.ED25519.generate().getPublic()), KeyType.ED25519, "Ed25519"),
                argumentSet("ok/ed25519-bouncycastle", key(() -> generate("Ed25519", null, 0)), KeyType.ED25519, "Ed25519"),
                argumentSet("ok/rsa-2048", key(() -> generate("RSA", null, 2048)), KeyType.RSA_2048, "RSA 2048"),
                argumentSet("fail/rsa-1024", key(() -> generate("RSA", null, 1024)), null, "RSA 1024"),
                argumentSet("fail/ec-secp256k1", key(() -> generate("EC", "secp256k1", 0)), null, "EC curve 1.3.132.0.10"),
                argumentSet("fail/ec-p521", key(() -> generate("EC", "secp521r1", 0)), null, "EC curve 1.3.132.0.35"),
                argumentSet("fail/ed448-jdk", key(() -> jdk("Ed448")), null, "Ed448"),
                argumentSet("fail/ed448-bouncycastle", key(() -> generate("Ed448", null, 0)), null, "Ed448"));
    }

    @ParameterizedTest
    @MethodSource("publicKeys")
    void classifiesAndDescribesPublicKeys(Supplier<PublicKey> key, KeyType expected, String description) {
        PublicKey k = key.get();
        assertThat(KeyType.of(k)).isEqualTo(expected);
        assertThat(KeyType.describe(k)).isEqualTo(description);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "ED25519"})
    void generatedKeysClassifyAsTheirType(KeyType type) {
        assertThat(KeyType.of(type.generate().getPublic())).isEqualTo(type);
    }

    private static Supplier<PublicKey> key(Supplier<PublicKey> s) {
        return s;
    }

    /** Generates with BouncyCastle, which still knows curves the JDK dropped (secp256k1). */
    private static PublicKey generate(String algorithm, String curve, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, Crypto.BC);
            if (curve != null) g.initialize(new ECGenParameterSpec(curve));
            else if (bits > 0) g.initialize(bits);
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublicKey jdk(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
