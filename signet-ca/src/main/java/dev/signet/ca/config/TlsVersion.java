package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A TLS protocol version as configs write it: the number {@code 1.2} or {@code 1.3} (or the same as a string). */
public enum TlsVersion {
    TLS_1_2(1.2, "TLSv1.2"),
    TLS_1_3(1.3, "TLSv1.3");

    private final double number;
    private final String jsseName;

    TlsVersion(double number, String jsseName) {
        this.number = number;
        this.jsseName = jsseName;
    }

    /** The protocol name JSSE uses ({@code TLSv1.2}). */
    public String jsseName() {
        return jsseName;
    }

    @JsonValue
    public double number() {
        return number;
    }

    /** Reads {@code 1.2}, {@code "1.2"}, {@code "TLSv1.2"}, {@code 1.3}, ... */
    @JsonCreator
    public static TlsVersion parse(Object value) {
        String s = String.valueOf(value).trim().replace("TLSv", "").replace("tls", "");
        for (TlsVersion v : values()) {
            if (s.equals(String.valueOf(v.number))) return v;
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a supported TLS version; use 1.2 or 1.3");
    }
}
