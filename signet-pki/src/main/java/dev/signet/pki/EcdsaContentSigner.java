package dev.signet.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.io.DigestOutputStream;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.operator.ContentSigner;

/**
 * ECDSA signatures for certificates (RFC 5758 §3.2: ecdsa-with-SHA256 for P-256, ecdsa-with-SHA384 for P-384)
 * on BouncyCastle's low-level API with the shared {@link EcDomains}.
 *
 * <p>Why not BouncyCastle's JCA provider: it converts a JDK key's curve on every signature into a new generator point,
 * so the comb table it precomputes for that point (about a third of a P-256 signature here) is built again every
 * time. The domain here keeps one generator, whose table is built once per process.
 *
 * <p>Thread-safe: {@link #of} returns a new signer for each certificate; the prepared key is immutable.
 */
public final class EcdsaContentSigner implements ContentSigner {
    /** A key prepared once: its scalar on the shared domain, and the algorithm it signs with. */
    public static final class Prepared {
        private final ECPrivateKeyParameters key;
        private final AlgorithmIdentifier algorithm;
        private final boolean sha384;

        private Prepared(ECPrivateKeyParameters key, AlgorithmIdentifier algorithm, boolean sha384) {
            this.key = key;
            this.algorithm = algorithm;
            this.sha384 = sha384;
        }
    }

    private final Prepared prepared;
    private final Digest digest;
    /** Hashes what is written as it comes, so a 50 MB CRL is not held a second time. */
    private final DigestOutputStream data;

    private EcdsaContentSigner(Prepared prepared) {
        this.prepared = prepared;
        this.digest = prepared.sha384 ? new SHA384Digest() : new SHA256Digest();
        this.data = new DigestOutputStream(digest);
    }

    /** The key prepared for signing, or null when it is not an EC key on P-256 or P-384 (callers then use the JCA). */
    public static Prepared prepare(PrivateKey key) {
        if (!(key instanceof ECPrivateKey) || key.getEncoded() == null) return null;
        Object curve;
        try {
            curve = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
        } catch (RuntimeException e) {
            return null;
        }
        if (org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1.equals(curve)) {
            return new Prepared(new ECPrivateKeyParameters(((ECPrivateKey) key).getS(), EcDomains.P256),
                    new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256), false);
        }
        if (org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp384r1.equals(curve)) {
            return new Prepared(new ECPrivateKeyParameters(((ECPrivateKey) key).getS(), EcDomains.P384),
                    new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384), true);
        }
        return null;
    }

    /** A signer for one certificate or CRL. */
    public static EcdsaContentSigner of(Prepared prepared) {
        return new EcdsaContentSigner(prepared);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return prepared.algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return data;
    }

    /** The DER {@code ECDSA-Sig-Value} (RFC 3279 §2.2.3) over what was written. */
    @Override
    public byte[] getSignature() {
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(prepared.key, Crypto.RANDOM));
        BigInteger[] rs = signer.generateSignature(hash);
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        try {
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("The signature could not be encoded.", e);
        }
    }
}
