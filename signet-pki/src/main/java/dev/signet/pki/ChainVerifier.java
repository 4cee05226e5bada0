package dev.signet.pki;

import java.net.InetAddress;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies that a certificate chains to one of the given roots (RFC 5280 §6 path validation, by the JDK's PKIX
 * builder), is within its validity at the given time, and, when a host is given, names that host (RFC 6125: DNS SANs
 * with a leftmost wildcard, or IP SANs for an address). Revocation is not checked here.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChainVerifier {
    private ChainVerifier() {}

    /**
     * Verifies {@code chain.get(0)} using {@code chain}'s other certificates as untrusted intermediates.
     *
     * @return the validated path, leaf first, ending with the trusted root
     * @throws PkiException with one sentence saying why verification failed
     */
    public static List<X509Certificate> verify(List<X509Certificate> chain, List<X509Certificate> roots, String host, Instant at) {
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity(Date.from(at));
        } catch (CertificateExpiredException e) {
            throw new PkiException("The certificate expired at " + leaf.getNotAfter().toInstant() + ".");
        } catch (CertificateNotYetValidException e) {
            throw new PkiException("The certificate is not valid before " + leaf.getNotBefore().toInstant() + ".");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate r : roots) anchors.add(new TrustAnchor(r, null));
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
            if (path.isEmpty() || !path.get(path.size() - 1).equals(anchor)) path.add(anchor);
            if (host != null && !host.isBlank() && !matchesHost(leaf, host)) {
                throw new PkiException("The certificate is not valid for " + host + "; it names " + names(leaf) + ".");
            }
            return path;
        } catch (CertPathBuilderException e) {
            throw new PkiException("The certificate does not chain to the given roots: " + rootCause(e) + ".");
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new PkiException("The certificate could not be verified: " + SecureFiles.describe(e) + ".", e);
        }
    }

    /** Whether the certificate's SANs name {@code host} (DNS name, with wildcard rules, or IP address). */
    public static boolean matchesHost(X509Certificate cert, String host) {
        SubjectName wanted;
        try {
            wanted = SubjectName.parse(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (SubjectName n : sans(cert)) {
            if (wanted.type() == SubjectName.Type.IP && n.type() == SubjectName.Type.IP) {
                try {
                    if (InetAddress.getByName(n.value()).equals(InetAddress.getByName(wanted.value()))) return true;
                } catch (java.net.UnknownHostException ignored) {
                    // not an address; cannot match
                }
            }
            if (wanted.type() == SubjectName.Type.DNS && n.type() == SubjectName.Type.DNS && dnsMatch(n.value(), wanted.value())) {
                return true;
            }
        }
        return false;
    }

    /** The certificate's DNS, IP, email and URI SANs. */
    public static List<SubjectName> sans(X509Certificate cert) {
        List<SubjectName> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() == null) return names;
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                int tag = (Integer) san.get(0);
                String v = String.valueOf(san.get(1));
                switch (tag) {
                    case 2: names.add(new SubjectName(SubjectName.Type.DNS, v.toLowerCase(Locale.ROOT))); break;
                    case 7: names.add(new SubjectName(SubjectName.Type.IP, v)); break;
                    case 1: names.add(new SubjectName(SubjectName.Type.EMAIL, v)); break;
                    case 6: names.add(new SubjectName(SubjectName.Type.URI, v)); break;
                    default: break;
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new PkiException("The certificate's subject alternative names cannot be parsed.", e);
        }
        return names;
    }

    private static boolean dnsMatch(String pattern, String host) {
        if (pattern.equals(host)) return true;
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return false;
    }

    private static String names(X509Certificate cert) {
        List<SubjectName> sans = sans(cert);
        return sans.isEmpty() ? "no subject alternative names" : sans.toString();
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (m.contains("unable to find valid certification path")) return "no path to a trusted root was found";
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
