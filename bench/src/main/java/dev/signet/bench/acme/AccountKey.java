package dev.signet.bench.acme;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import dev.signet.pki.Crypto;
import dev.signet.pki.EcDomains;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * An ACME account key (P-256) that signs flattened JWS requests (RFC 8555 §6.2, RFC 7515 §7.2.2) with ES256 through
 * BouncyCastle's low-level ECDSA on the shared {@link EcDomains#P256}, which signs about twice as fast as the JDK's provider here. The JWK and its thumbprint
 * (RFC 7638) are computed once.
 *
 * <p>Not thread-safe: one per worker.
 */
final class AccountKey {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final ECDSASigner signer = new ECDSASigner(); // a random k (FIPS 186-4 §6.3), as the JDK's provider draws it
    private final String jwk;
    private final String thumbprint;
    private final MessageDigest sha256;
    private String kid;

    AccountKey(KeyPair pair) {
        ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build();
        this.jwk = key.toJSONString();
        try {
            this.thumbprint = key.computeThumbprint().toString();
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (JOSEException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(((ECPrivateKey) pair.getPrivate()).getS(), EcDomains.P256),
                Crypto.RANDOM));
    }

    /** The JWK thumbprint, for key authorizations (RFC 8555 §8.1). */
    String thumbprint() {
        return thumbprint;
    }

    /** The account URL once the account exists; requests are then signed with {@code kid}. */
    void kid(String accountUrl) {
        this.kid = accountUrl;
    }

    /**
     * A flattened JWS over {@code payload} ({@code null} for POST-as-GET), with {@code jwk} until the account exists
     * and {@code kid} after.
     */
    byte[] sign(String url, String nonce, String payload) {
        String header = "{\"alg\":\"ES256\"," + (kid == null ? "\"jwk\":" + jwk : "\"kid\":\"" + kid + "\"")
                + ",\"nonce\":\"" + nonce + "\",\"url\":\"" + url + "\"}";
        String protectedPart = encode(header);
        String payloadPart = payload == null ? "" : encode(payload);
        byte[] input = (protectedPart + "." + payloadPart).getBytes(StandardCharsets.US_ASCII);
        BigInteger[] rs = signer.generateSignature(sha256.digest(input));
        byte[] signature = new byte[64];
        unsigned(rs[0], signature, 0);
        unsigned(rs[1], signature, 32);
        return ("{\"protected\":\"" + protectedPart + "\",\"payload\":\"" + payloadPart + "\",\"signature\":\""
                + B64.encodeToString(signature) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    static String encode(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    private static void unsigned(BigInteger value, byte[] into, int offset) {
        byte[] b = value.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, into, offset + 32 - len, len);
    }
}
