package dev.signet.pki;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * One subject alternative name (RFC 5280 §4.2.1.6): a DNS name, an IP address, an email address or a URI, classified
 * from how it is written: an IP literal is an IP, {@code a@b} is an email, {@code scheme:...} with {@code //} or a
 * {@code urn:}/{@code spiffe:} scheme is a URI, anything else must be a DNS name.
 *
 * <p>Immutable.
 */
public record SubjectName(Type type, String value) {
    public enum Type { DNS, IP, EMAIL, URI }

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * Parses and validates a name as typed by a user or found in a CSR.
     *
     * @throws IllegalArgumentException with a sentence that says what is wrong with the name
     */
    public static SubjectName parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) throw new IllegalArgumentException("An empty string is not a valid name.");
        if (isIpLiteral(s)) return ip(s);
        if (s.indexOf('@') > 0 && !s.contains("://") && !s.contains("/")) return email(s);
        if (s.contains("://") || s.toLowerCase(Locale.ROOT).startsWith("urn:") || s.toLowerCase(Locale.ROOT).startsWith("spiffe:")) {
            return uri(s);
        }
        return dns(s);
    }

    /** Parses a comma-separated list or a repeated flag's values into names. */
    public static List<SubjectName> parseAll(List<String> values) {
        List<SubjectName> names = new ArrayList<>();
        if (values == null) return names;
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    SubjectName n = parse(part);
                    if (!names.contains(n)) names.add(n);
                }
            }
        }
        return names;
    }

    /** A DNS name (RFC 1123 labels, a wildcard only as the whole leftmost label), normalised to lower case. */
    public static SubjectName dns(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        if (s.length() > 253) throw new IllegalArgumentException("The DNS name \"" + name + "\" is longer than 253 characters.");
        String[] labels = s.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (i == 0 && label.equals("*") && labels.length > 1) continue;
            if (label.isEmpty()) throw new IllegalArgumentException("The DNS name \"" + name + "\" has an empty label.");
            if (label.contains("*")) {
                throw new IllegalArgumentException("The DNS name \"" + name + "\" has a wildcard that is not the whole leftmost label.");
            }
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("The DNS name \"" + name + "\" has an invalid label \"" + label
                        + "\" (letters, digits and inner hyphens only, at most 63 characters).");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("The DNS name \"" + name + "\" ends in an all-numeric label; if it is meant as an IP address, it is not a valid one.");
        }
        return new SubjectName(Type.DNS, s);
    }

    /** An IPv4 or IPv6 literal, normalised (IPv6 in the RFC 5952 §4 form: lower case, the longest zero run as ::). */
    public static SubjectName ip(String literal) {
        if (!isIpLiteral(literal)) throw new IllegalArgumentException("\"" + literal + "\" is not an IP address.");
        try {
            InetAddress a = InetAddress.getByName(literal);
            return new SubjectName(Type.IP, a.getAddress().length == 16 ? rfc5952(a.getAddress()) : a.getHostAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + literal + "\" is not an IP address.", e);
        }
    }

    /** An email address ({@code local@domain}, the domain a valid DNS name). */
    public static SubjectName email(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("\"" + address + "\" is not an email address.");
        }
        String local = address.substring(0, at);
        if (local.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c > 126)) {
            throw new IllegalArgumentException("\"" + address + "\" is not an email address.");
        }
        dns(address.substring(at + 1));
        return new SubjectName(Type.EMAIL, local + "@" + address.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** An absolute URI. */
    public static SubjectName uri(String text) {
        try {
            URI u = new URI(text);
            if (u.getScheme() == null) throw new IllegalArgumentException("\"" + text + "\" is not an absolute URI.");
            return new SubjectName(Type.URI, u.toString());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid URI: " + e.getReason() + ".", e);
        }
    }

    /** Converts to the ASN.1 general name. */
    public GeneralName toGeneralName() {
        switch (type) {
            case DNS: return new GeneralName(GeneralName.dNSName, value);
            case EMAIL: return new GeneralName(GeneralName.rfc822Name, value);
            case URI: return new GeneralName(GeneralName.uniformResourceIdentifier, value);
            case IP:
                try {
                    return new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(value).getAddress()));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            default: throw new IllegalStateException(type.toString());
        }
    }

    /** Reads a general name back; returns null for kinds Signet does not issue (directory names, other names). */
    public static SubjectName fromGeneralName(GeneralName name) {
        switch (name.getTagNo()) {
            case GeneralName.dNSName: return new SubjectName(Type.DNS, name.getName().toString());
            case GeneralName.rfc822Name: return new SubjectName(Type.EMAIL, name.getName().toString());
            case GeneralName.uniformResourceIdentifier: return new SubjectName(Type.URI, name.getName().toString());
            case GeneralName.iPAddress:
                try {
                    byte[] raw = DEROctetString.getInstance(name.getName()).getOctets();
                    return new SubjectName(Type.IP, raw.length == 16 ? rfc5952(raw) : InetAddress.getByAddress(raw).getHostAddress());
                } catch (UnknownHostException e) {
                    return null;
                }
            default: return null;
        }
    }

    /** RFC 5952 §4: groups without leading zeros, the longest run of two or more zero groups (the first of equals) as ::. */
    static String rfc5952(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static boolean isIpLiteral(String s) {
        if (IPV4.matcher(s).matches()) {
            for (String part : s.split("\\.")) if (Integer.parseInt(part) > 255) return false;
            return true;
        }
        return s.contains(":") && s.matches("[0-9A-Fa-f:.]+") && s.indexOf(':') != s.lastIndexOf(':');
    }

    @Override
    public String toString() {
        return value;
    }
}
