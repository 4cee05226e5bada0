package dev.signet.ca.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerificationKeyTest {
    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ".getBytes(StandardCharsets.US_ASCII);
    private static final ECKey P256 = ec(Curve.P_256);
    private static final ECKey P384 = ec(Curve.P_384);
    private static final ECKey P521 = ec(Curve.P_521);
    private static final ECKey SECP256K1 = ec(Curve.SECP256K1);
    private static final Ed25519PrivateKeyParameters ED25519_PRIVATE = new Ed25519PrivateKeyParameters(new java.security.SecureRandom());
    private static final OctetKeyPair ED25519 = new OctetKeyPair.Builder(Curve.Ed25519,
            com.nimbusds.jose.util.Base64URL.encode(ED25519_PRIVATE.generatePublicKey().getEncoded())).build();
    private static final RSAKey RSA2048 = rsa(2048);

    /** Signs a JWS signing input. */
    @FunctionalInterface
    interface RawSigner {
        byte[] sign(byte[] input) throws Exception;
    }

    /** A signer and the public key that must verify its signatures. */
    record Signing(JWSAlgorithm alg, RawSigner signer, JWK publicKey) {
        Signing(JWSAlgorithm alg, JWSSigner nimbus, JWK publicKey) {
            this(alg, input -> nimbus.sign(new JWSHeader(alg), input).decode(), publicKey);
        }

        byte[] sign(byte[] input) throws Exception {
            return signer.sign(input);
        }
    }

    static Stream<Arguments> signings() throws Exception {
        return Stream.of(
                argumentSet("ok/es256", new Signing(JWSAlgorithm.ES256, new ECDSASigner(P256), P256.toPublicJWK())),
                argumentSet("ok/es384", new Signing(JWSAlgorithm.ES384, new ECDSASigner(P384), P384.toPublicJWK())),
                argumentSet("ok/es512", new Signing(JWSAlgorithm.ES512, new ECDSASigner(P521), P521.toPublicJWK())),
                argumentSet("ok/eddsa", new Signing(JWSAlgorithm.EdDSA, (RawSigner) input -> {
                    org.bouncycastle.crypto.signers.Ed25519Signer signer = new org.bouncycastle.crypto.signers.Ed25519Signer();
                    signer.init(true, ED25519_PRIVATE);
                    signer.update(input, 0, input.length);
                    return signer.generateSignature();
                }, ED25519)),
                argumentSet("ok/rs256", new Signing(JWSAlgorithm.RS256, new RSASSASigner(RSA2048), RSA2048.toPublicJWK())));
    }

    @ParameterizedTest
    @MethodSource("signings")
    void verifiesTheSignaturesOfItsKeyAgainAndAgainAndRefusesAnyChange(Signing s) throws Exception {
        VerificationKey key = VerificationKey.of(s.publicKey());
        byte[] signature = s.sign(INPUT);
        for (int i = 0; i < 6; i++) { // BouncyCastle builds and widens its point tables over the first uses
            assertThatCode(() -> key.verify(s.alg().getName(), INPUT, signature)).doesNotThrowAnyException();
        }
        byte[] otherInput = INPUT.clone();
        otherInput[otherInput.length - 1] ^= 1;
        assertRefused(() -> key.verify(s.alg().getName(), otherInput, signature), Problem.MALFORMED, "The JWS signature does not verify.");
        byte[] otherSignature = signature.clone();
        otherSignature[otherSignature.length / 2] ^= 1;
        assertRefused(() -> key.verify(s.alg().getName(), INPUT, otherSignature), Problem.MALFORMED, "The JWS signature does not verify.");
        assertRefused(() -> key.verify(s.alg().getName(), INPUT, Arrays.copyOf(signature, signature.length - 1)), Problem.MALFORMED,
                "The JWS signature does not verify.");
    }

    @Test
    void aFailedVerificationIsAnAuthenticationFailure() {
        VerificationKey key = VerificationKey.of(P256.toPublicJWK());
        CaException e = catchThrowableOfType(CaException.class, () -> key.verify("ES256", INPUT, new byte[64]));
        assertThat(e.isAuthenticationFailure()).isTrue();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // CVE-2022-21449: r = s = 0 "verifies" in a verifier that does not check the range
                argumentSet("fail/es256-zero-signature", P256.toPublicJWK(), "ES256", new byte[64], Problem.MALFORMED,
                        "The JWS signature does not verify."),
                argumentSet("fail/es256-order-as-r-and-s", P256.toPublicJWK(), "ES256", orderTwice(), Problem.MALFORMED,
                        "The JWS signature does not verify."),
                argumentSet("fail/es256-with-p384-key", P384.toPublicJWK(), "ES256", new byte[64], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm ES256 does not fit the EC P-384 key."),
                argumentSet("fail/es512-with-p256-key", P256.toPublicJWK(), "ES512", new byte[132], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm ES512 does not fit the EC P-256 key."),
                argumentSet("fail/es256-with-secp256k1-key", SECP256K1.toPublicJWK(), "ES256", new byte[64], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm ES256 does not fit the EC secp256k1 key."),
                argumentSet("fail/rs256-with-ec-key", P256.toPublicJWK(), "RS256", new byte[256], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm RS256 does not fit the EC P-256 key."),
                argumentSet("fail/eddsa-with-rsa-key", RSA2048.toPublicJWK(), "EdDSA", new byte[64], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm EdDSA does not fit the RSA key."),
                argumentSet("fail/es256-with-ed25519-key", ED25519, "ES256", new byte[64], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm ES256 does not fit the OKP Ed25519 key."),
                argumentSet("fail/rs256-with-1024-bit-key", rsa(1024).toPublicJWK(), "RS256", new byte[128], Problem.BAD_PUBLIC_KEY,
                        "The RSA key has 1024 bits; at least 2048 are required."),
                argumentSet("fail/hs256", P256.toPublicJWK(), "HS256", new byte[32], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm \"HS256\" is not accepted; use RS256, ES256, ES384, ES512 or EdDSA."),
                argumentSet("fail/none", P256.toPublicJWK(), "none", new byte[0], Problem.BAD_SIGNATURE_ALGORITHM,
                        "The algorithm \"none\" is not accepted; use RS256, ES256, ES384, ES512 or EdDSA."));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refuses(JWK publicKey, String alg, byte[] signature, Problem problem, String detail) {
        VerificationKey key = VerificationKey.of(publicKey);
        assertRefused(() -> key.verify(alg, INPUT, signature), problem, detail);
    }

    @Test
    void anEd25519KeyOfTheWrongLengthIsRefusedWhenPrepared() throws Exception {
        OctetKeyPair shortKey = new OctetKeyPair.Builder(Curve.Ed25519, com.nimbusds.jose.util.Base64URL.encode(new byte[31])).build();
        assertRefused(() -> VerificationKey.of(shortKey), Problem.BAD_PUBLIC_KEY, "The Ed25519 key has 31 bytes instead of 32.");
    }

    private static byte[] orderTwice() {
        byte[] n = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32,
                org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("P-256").getN());
        byte[] out = new byte[64];
        System.arraycopy(n, 0, out, 0, 32);
        System.arraycopy(n, 0, out, 32, 32);
        return out;
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Problem problem, String detail) {
        CaException e = catchThrowableOfType(CaException.class, call);
        assertThat(e).as("a CaException").isNotNull();
        assertThat(e.problem()).isEqualTo(problem);
        assertThat(e.getMessage()).isEqualTo(detail);
    }

    private static ECKey ec(Curve curve) {
        try {
            return new ECKeyGenerator(curve).provider(dev.signet.pki.Crypto.BC).generate(); // the JDK lacks secp256k1
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa(int bits) {
        try {
            return new RSAKeyGenerator(bits, true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
