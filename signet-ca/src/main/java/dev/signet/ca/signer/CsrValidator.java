package dev.signet.ca.signer;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.pki.CsrSignature;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import dev.signet.pki.SubjectName;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Checks a PKCS#10 request (RFC 2986) before anything is signed: the self-signature verifies (proof of possession),
 * the key is RSA of at least 2048 bits, EC P-256/P-384 or Ed25519, and every name is well formed. Each rejection is a
 * {@link CaException} ({@code badCSR} or {@code badPublicKey}) whose detail says exactly why.
 *
 * <p>Stateless and thread-safe. Signature verification is {@link CsrSignature}'s (BouncyCastle, its low-level API for ECDSA).
 */
public final class CsrValidator {
    private CsrValidator() {}

    public static ValidatedCsr validate(PKCS10CertificationRequest csr) {
        PublicKey key;
        try {
            key = Pem.keyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        } catch (Exception e) {
            throw new CaException(Problem.BAD_PUBLIC_KEY, "The CSR's public key cannot be decoded.", e);
        }
        KeyType type = KeyType.of(key);
        if (type == null) {
            throw new CaException(Problem.BAD_PUBLIC_KEY, "The CSR's key is " + KeyType.describe(key)
                    + "; Signet accepts RSA keys of 2048 to 8192 bits, EC P-256 or P-384, and Ed25519.");
        }
        if (!CsrSignature.verifies(csr)) {
            throw new CaException(Problem.BAD_CSR, "The CSR's signature does not verify with its own public key.");
        }
        String cn = commonName(csr);
        List<SubjectName> names = new ArrayList<>();
        for (GeneralName g : requestedSans(csr)) {
            SubjectName raw = SubjectName.fromGeneralName(g);
            if (raw == null) {
                throw new CaException(Problem.BAD_CSR, "The CSR asks for a subject alternative name of a kind Signet does not issue (tag "
                        + g.getTagNo() + "); use DNS names, IP addresses, email addresses or URIs.");
            }
            SubjectName checked = check(raw);
            if (!names.contains(checked)) names.add(checked);
        }
        if (cn != null && !cn.isBlank()) {
            try {
                SubjectName fromCn = SubjectName.parse(cn);
                if ((fromCn.type() == SubjectName.Type.DNS || fromCn.type() == SubjectName.Type.IP) && !names.contains(fromCn)) {
                    names.add(fromCn);
                }
            } catch (IllegalArgumentException e) {
                // a CN that is not a name (e.g. "Jane Doe") is kept as a subject attribute only
            }
        }
        if (names.isEmpty()) {
            throw new CaException(Problem.BAD_CSR, "The CSR names no DNS name, IP address, email address or URI.");
        }
        return new ValidatedCsr(key, names, cn);
    }

    private static SubjectName check(SubjectName raw) {
        try {
            switch (raw.type()) {
                case DNS: return SubjectName.dns(raw.value());
                case IP: return raw;
                case EMAIL: return SubjectName.email(raw.value());
                case URI: return SubjectName.uri(raw.value());
                default: throw new IllegalStateException();
            }
        } catch (IllegalArgumentException e) {
            throw new CaException(Problem.BAD_CSR, "The CSR names \"" + raw.value() + "\", which is invalid: " + strip(e.getMessage()) + ".");
        }
    }

    private static List<GeneralName> requestedSans(PKCS10CertificationRequest csr) {
        List<GeneralName> out = new ArrayList<>();
        for (var attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (var value : attr.getAttrValues()) {
                Extensions exts = Extensions.getInstance(value);
                GeneralNames gn = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
                if (gn != null) out.addAll(List.of(gn.getNames()));
            }
        }
        return out;
    }

    private static String commonName(PKCS10CertificationRequest csr) {
        RDN[] cns = csr.getSubject().getRDNs(BCStyle.CN);
        if (cns.length == 0) return null;
        if (cns.length > 1) throw new CaException(Problem.BAD_CSR, "The CSR's subject has more than one common name.");
        return IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    private static String strip(String s) {
        String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        return t.length() > 1 && Character.isLowerCase(t.charAt(1)) ? Character.toLowerCase(t.charAt(0)) + t.substring(1) : t;
    }
}
