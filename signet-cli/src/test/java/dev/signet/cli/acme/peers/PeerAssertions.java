package dev.signet.cli.acme.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Checks on what a peer client wrote: the names in its certificate and that its key matches. */
final class PeerAssertions {
    private PeerAssertions() {}

    static List<String> dnsNames(X509Certificate cert) throws Exception {
        List<String> names = new ArrayList<>();
        if (cert.getSubjectAlternativeNames() != null) {
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                if (Integer.valueOf(2).equals(san.get(0))) names.add((String) san.get(1));
            }
        }
        return names;
    }

    /** The key file the peer reports signs what the certificate's public key verifies. */
    static void assertKeyMatches(PeerResult result) throws Exception {
        PrivateKey key = readKey(result.privateKeyPem(), result.privateKey());
        X509Certificate leaf = result.leaf();
        String algorithm = "EC".equals(leaf.getPublicKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] data = "signet".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).as("%s matches the certificate\n%s", result.privateKey(), result.describe()).isTrue();
    }

    static PrivateKey readKey(String pem, Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPrivate();
            if (object instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            throw new IllegalStateException(file + " holds no private key but " + object);
        }
    }
}
