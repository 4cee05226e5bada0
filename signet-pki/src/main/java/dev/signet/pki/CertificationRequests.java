package dev.signet.pki;

import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds PKCS#10 requests (RFC 2986): an empty subject and the names as a requested SAN extension. Stateless. */
public final class CertificationRequests {
    private CertificationRequests() {}

    /**
     * A CSR for {@code names}, signed with the pair's private key (the algorithm its {@link KeyType} uses; ECDSA on
     * BouncyCastle's low-level API, as {@link CertificateBuilder} signs).
     */
    public static PKCS10CertificationRequest create(KeyPair pair, List<SubjectName> names) {
        try {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.stream().map(SubjectName::toGeneralName).toArray(GeneralName[]::new)));
            KeyType type = KeyType.of(pair.getPublic());
            if (type == null) throw new PkiException("The key is " + KeyType.describe(pair.getPublic()) + ", which Signet does not use.");
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(new RDN[0]), pair.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                    .build(CertificateBuilder.signer(pair.getPrivate(), pair.getPublic()));
        } catch (java.io.IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new PkiException("Could not build the certificate request: " + e.getMessage(), e);
        }
    }
}
