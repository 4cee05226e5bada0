package dev.signet.pki;

import java.util.Locale;

/** The three kinds of certificate Signet builds, as named on the command line ({@code --profile root-ca}). */
public enum CertificateProfile {
    /** Self-signed trust anchor: CA:true, keyCertSign and cRLSign. */
    ROOT_CA("root-ca"),
    /** Issuing CA below a root: CA:true with path length 0. */
    INTERMEDIATE_CA("intermediate-ca"),
    /** End entity: CA:false, digitalSignature, serverAuth and clientAuth unless narrowed. */
    LEAF("leaf");

    private final String flag;

    CertificateProfile(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public boolean isCa() {
        return this != LEAF;
    }

    /** Reads {@code root-ca}, {@code intermediate-ca} or {@code leaf}. */
    public static CertificateProfile parse(String text) {
        for (CertificateProfile p : values()) {
            if (p.flag.equals(text.trim().toLowerCase(Locale.ROOT))) return p;
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a profile; use root-ca, intermediate-ca or leaf.");
    }
}
