package dev.signet.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * A readable description of a certificate for {@code signet certificate inspect}: a text rendering close to the step
 * CLI's and OpenSSL's, and a JSON-ready map whose field names follow step's ({@code validity.start},
 * {@code validity.end}, {@code serial_number}, ...), so scripts written against step keep working.
 *
 * <p>Stateless and thread-safe.
 */
public final class CertificateInfo {
    private static final String[] KEY_USAGES = {
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
        "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"
    };

    private CertificateInfo() {}

    /** A JSON-ready description (insertion-ordered maps, lists and strings). */
    public static Map<String, Object> describe(X509Certificate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", c.getVersion());
        m.put("serial_number", c.getSerialNumber().toString());
        m.put("serial_number_hex", c.getSerialNumber().toString(16));
        m.put("signature_algorithm", c.getSigAlgName());
        m.put("issuer", c.getIssuerX500Principal().getName());
        Map<String, Object> validity = new LinkedHashMap<>();
        validity.put("start", c.getNotBefore().toInstant().toString());
        validity.put("end", c.getNotAfter().toInstant().toString());
        m.put("validity", validity);
        m.put("subject", c.getSubjectX500Principal().getName());
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("key_algorithm", c.getPublicKey().getAlgorithm());
        key.put("description", KeyType.describe(c.getPublicKey()));
        m.put("subject_key_info", key);
        m.put("extensions", extensions(c));
        m.put("fingerprint_sha256", Fingerprints.sha256(c));
        return m;
    }

    /** A multi-line human-readable description. */
    public static String text(X509Certificate c) {
        Map<String, Object> d = describe(c);
        @SuppressWarnings("unchecked")
        Map<String, Object> ext = (Map<String, Object>) d.get("extensions");
        StringBuilder s = new StringBuilder();
        s.append("Certificate:\n");
        s.append("    Data:\n");
        s.append("        Version: ").append(c.getVersion()).append(" (0x").append(Integer.toHexString(c.getVersion() - 1)).append(")\n");
        s.append("        Serial Number: ").append(c.getSerialNumber()).append(" (0x").append(c.getSerialNumber().toString(16)).append(")\n");
        s.append("    Signature Algorithm: ").append(c.getSigAlgName()).append('\n');
        s.append("        Issuer: ").append(c.getIssuerX500Principal().getName()).append('\n');
        s.append("        Validity\n");
        s.append("            Not Before: ").append(c.getNotBefore().toInstant()).append('\n');
        s.append("            Not After : ").append(c.getNotAfter().toInstant()).append('\n');
        s.append("        Subject: ").append(c.getSubjectX500Principal().getName()).append('\n');
        s.append("        Subject Public Key Info:\n");
        s.append("            Public Key Algorithm: ").append(KeyType.describe(c.getPublicKey())).append('\n');
        s.append("        X509v3 extensions:\n");
        for (Map.Entry<String, Object> e : ext.entrySet()) {
            s.append("            ").append(e.getKey()).append(": ").append(render(e.getValue())).append('\n');
        }
        s.append("    SHA-256 Fingerprint: ").append(d.get("fingerprint_sha256")).append('\n');
        return s.toString();
    }

    /** Seconds of validity remaining at {@code now} (negative once expired). */
    public static long secondsRemaining(X509Certificate c, Instant now) {
        return c.getNotAfter().toInstant().getEpochSecond() - now.getEpochSecond();
    }

    private static Map<String, Object> extensions(X509Certificate c) {
        Map<String, Object> e = new LinkedHashMap<>();
        int pathLen = c.getBasicConstraints();
        if (c.getExtensionValue(Extension.basicConstraints.getId()) != null) {
            Map<String, Object> bc = new LinkedHashMap<>();
            bc.put("is_ca", pathLen >= 0);
            if (pathLen >= 0 && pathLen != Integer.MAX_VALUE) bc.put("max_path_len", pathLen);
            e.put("basic_constraints", bc);
        }
        boolean[] ku = c.getKeyUsage();
        if (ku != null) {
            List<String> usages = new ArrayList<>();
            for (int i = 0; i < ku.length && i < KEY_USAGES.length; i++) if (ku[i]) usages.add(KEY_USAGES[i]);
            e.put("key_usage", usages);
        }
        try {
            List<String> eku = c.getExtendedKeyUsage();
            if (eku != null) {
                List<String> names = new ArrayList<>();
                for (String oid : eku) {
                    ExtendedKeyUsage known = ExtendedKeyUsage.ofOid(oid);
                    names.add(known == null ? oid : known.configName());
                }
                e.put("extended_key_usage", names);
            }
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                Map<String, List<String>> byType = new LinkedHashMap<>();
                for (List<?> san : sans) {
                    int tag = (Integer) san.get(0);
                    String type = tag == GeneralName.dNSName ? "dns_names"
                            : tag == GeneralName.iPAddress ? "ip_addresses"
                            : tag == GeneralName.rfc822Name ? "email_addresses"
                            : tag == GeneralName.uniformResourceIdentifier ? "uris" : "other_names";
                    byType.computeIfAbsent(type, k -> new ArrayList<>()).add(String.valueOf(san.get(1)));
                }
                e.put("subject_alt_name", byType);
            }
        } catch (CertificateParsingException ex) {
            e.put("error", "unparseable extension: " + ex.getMessage());
        }
        byte[] ski = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            e.put("subject_key_id", hex(SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier()));
        }
        byte[] aki = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (aki != null) {
            byte[] id = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(aki).getOctets()).getKeyIdentifierOctets();
            if (id != null) e.put("authority_key_id", hex(id));
        }
        byte[] cdp = c.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (cdp != null) {
            List<String> urls = new ArrayList<>();
            for (DistributionPoint dp : CRLDistPoint.getInstance(ASN1OctetString.getInstance(cdp).getOctets()).getDistributionPoints()) {
                if (dp.getDistributionPoint() != null && dp.getDistributionPoint().getName() instanceof GeneralNames) {
                    for (GeneralName n : ((GeneralNames) dp.getDistributionPoint().getName()).getNames()) urls.add(n.getName().toString());
                }
            }
            e.put("crl_distribution_points", urls);
        }
        return e;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    private static String render(Object value) {
        if (value instanceof Map) {
            StringBuilder s = new StringBuilder();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (s.length() > 0) s.append(", ");
                s.append(e.getKey()).append('=').append(render(e.getValue()));
            }
            return s.toString();
        }
        if (value instanceof List) {
            return String.join(", ", ((List<?>) value).stream().map(String::valueOf).toArray(String[]::new));
        }
        return String.valueOf(value);
    }
}
