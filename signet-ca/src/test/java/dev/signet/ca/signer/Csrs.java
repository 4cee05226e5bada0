package dev.signet.ca.signer;

import dev.signet.pki.Crypto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds PKCS#10 requests for the signer tests, the way ACME clients do (names in the SAN extension request). */
final class Csrs {
    private Csrs() {}

    static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    static GeneralName ip(String address) {
        return new GeneralName(GeneralName.iPAddress, address);
    }

    static GeneralName email(String address) {
        return new GeneralName(GeneralName.rfc822Name, address);
    }

    static GeneralName uri(String uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    }

    /** A subject DN, or the empty DN for null. */
    static X500Name subject(String dn) {
        return dn == null ? new X500Name(new RDN[0]) : new X500Name(dn);
    }

    /** A CSR for {@code pair}, self-signed (valid proof of possession). */
    static PKCS10CertificationRequest csr(KeyPair pair, String subjectDn, List<GeneralName> sans) {
        return csr(pair, subjectDn, sans, pair.getPrivate());
    }

    /** A CSR carrying {@code pair}'s public key but signed with {@code signingKey}. */
    static PKCS10CertificationRequest csr(KeyPair pair, String subjectDn, List<GeneralName> sans, PrivateKey signingKey) {
        try {
            JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(subject(subjectDn), pair.getPublic());
            if (!sans.isEmpty()) {
                ExtensionsGenerator ext = new ExtensionsGenerator();
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            }
            return b.build(new JcaContentSignerBuilder(signatureAlgorithm(pair)).setProvider(Crypto.BC).build(signingKey));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with one bit of its signature flipped. */
    static PKCS10CertificationRequest tamperedSignature(PKCS10CertificationRequest csr) {
        try {
            byte[] der = csr.getEncoded();
            der[der.length - 1] ^= 0x01; // the signature BIT STRING ends the encoding
            return new PKCS10CertificationRequest(der);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Key pairs the JDK cannot (or need not) make: BouncyCastle still knows secp256k1. */
    static KeyPair bouncyCastle(String algorithm, String curve, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, Crypto.BC);
            if (curve != null) g.initialize(new ECGenParameterSpec(curve));
            else if (bits > 0) g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signatureAlgorithm(KeyPair pair) {
        String alg = pair.getPublic().getAlgorithm();
        if (alg.equals("RSA")) return "SHA256withRSA";
        if (alg.equals("EC") || alg.equals("ECDSA")) {
            int bits = ((java.security.interfaces.ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize();
            return bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (pair.getPublic() instanceof java.security.interfaces.EdECKey) {
            return ((java.security.interfaces.EdECKey) pair.getPublic()).getParams().getName();
        }
        return alg; // BouncyCastle's Ed25519 / Ed448
    }
}
