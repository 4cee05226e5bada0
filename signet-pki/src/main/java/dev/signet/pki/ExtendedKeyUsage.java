package dev.signet.pki;

import java.util.Locale;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The extended key usages (RFC 5280 §4.2.1.12) a provisioner may grant, by the names configs use. */
public enum ExtendedKeyUsage {
    SERVER_AUTH("serverAuth", KeyPurposeId.id_kp_serverAuth),
    CLIENT_AUTH("clientAuth", KeyPurposeId.id_kp_clientAuth),
    CODE_SIGNING("codeSigning", KeyPurposeId.id_kp_codeSigning),
    EMAIL_PROTECTION("emailProtection", KeyPurposeId.id_kp_emailProtection),
    OCSP_SIGNING("ocspSigning", KeyPurposeId.id_kp_OCSPSigning);

    private final String configName;
    private final KeyPurposeId oid;

    ExtendedKeyUsage(String configName, KeyPurposeId oid) {
        this.configName = configName;
        this.oid = oid;
    }

    public String configName() {
        return configName;
    }

    public KeyPurposeId oid() {
        return oid;
    }

    /** Reads a config name such as {@code serverAuth} (case-insensitive). */
    public static ExtendedKeyUsage parse(String text) {
        for (ExtendedKeyUsage u : values()) {
            if (u.configName.toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) return u;
        }
        throw new IllegalArgumentException("\"" + text
                + "\" is not an extended key usage; use serverAuth, clientAuth, codeSigning, emailProtection or ocspSigning.");
    }

    /** Finds the usage for an OID string, or null. */
    public static ExtendedKeyUsage ofOid(String oid) {
        for (ExtendedKeyUsage u : values()) if (u.oid.getId().equals(oid)) return u;
        return null;
    }
}
