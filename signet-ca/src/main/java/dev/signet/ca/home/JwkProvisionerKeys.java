package dev.signet.ca.home;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.signet.pki.PkiException;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Map;

/**
 * Keys of JWK provisioners (step-ca's format): a P-256 key pair whose public half (with {@code kid} = its RFC 7638
 * thumbprint, {@code use: sig}, {@code alg: ES256}) goes into the config, and whose private half is kept only as a JWE
 * encrypted with a password: PBES2-HS256+A128KW key wrapping (RFC 7518 §4.8, {@value #ITERATIONS} PBKDF2 iterations,
 * 16-byte salt) and A256GCM content encryption, {@code cty: jwk+json}.
 *
 * <p>Stateless and thread-safe.
 */
public final class JwkProvisionerKeys {
    /** PBKDF2 iterations; step-ca uses 100,000, OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600,000. */
    public static final int ITERATIONS = 600_000;

    private JwkProvisionerKeys() {}

    /** A new provisioner key: its public JWK as JSON object and its private JWK as a compact JWE. */
    public record Created(Map<String, Object> publicKey, String encryptedKey) {}

    public static Created create(char[] password) {
        return create(password, ITERATIONS);
    }

    /** As {@link #create(char[])} with another PBKDF2 iteration count (tests use fewer; the JWE header records it). */
    public static Created create(char[] password, int iterations) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(com.nimbusds.jose.JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).generate();
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.PBES2_HS256_A128KW, EncryptionMethod.A256GCM)
                    .contentType("jwk+json").type(JOSEObjectType.JOSE).build(), new Payload(key.toJSONString()));
            byte[] secret = utf8(password);
            try {
                jwe.encrypt(new PasswordBasedEncrypter(secret, 16, iterations));
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            return new Created(key.toPublicJWK().toJSONObject(), jwe.serialize());
        } catch (JOSEException e) {
            throw new PkiException("Could not create the provisioner key: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a provisioner's private key.
     *
     * @throws PkiException with a sentence when the password is wrong or the JWE is not a provisioner key
     */
    public static JWK decrypt(String encryptedKey, char[] password) {
        byte[] secret = utf8(password);
        try {
            JWEObject jwe = JWEObject.parse(encryptedKey);
            jwe.decrypt(new PasswordBasedDecrypter(secret));
            JWK key = JWK.parse(jwe.getPayload().toString());
            if (!key.isPrivate()) throw new PkiException("The encrypted provisioner key holds no private key.");
            return key;
        } catch (ParseException e) {
            throw new PkiException("The encrypted provisioner key cannot be read: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new PkiException("The provisioner key cannot be decrypted; the password is wrong.", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
