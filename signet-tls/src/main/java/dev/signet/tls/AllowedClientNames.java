package dev.signet.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server side of mTLS (seed 000, {@code mtls.allowed_client_cns}): a client certificate must first chain to a
 * {@code client_ca_files} root (the delegate's PKIX check), then carry an allowed name, its subject common name or one
 * of its DNS or IP-address subject alternative names (ACME-issued certificates often have an empty subject). The check runs inside
 * the handshake, so a refused client gets a TLS alert and never reaches the application. An empty allow-list lets in
 * every client that chains.
 *
 * <p>Server certificates are not this class's business: those checks go straight to the delegate.
 *
 * <p>Thread-safe and immutable apart from the delegate (which may be a {@link ReloadingTrustManager}).
 */
public final class AllowedClientNames extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final Set<String> allowed;

    public AllowedClientNames(X509ExtendedTrustManager delegate, Collection<String> allowed) {
        this.delegate = delegate;
        this.allowed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        this.allowed.addAll(allowed);
    }

    /** The common names, then the DNS names and IP addresses of {@code certificate}'s subject alternative names. */
    public static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) names.add(rdn.getValue().toString());
            }
        } catch (InvalidNameException e) {
            // an unparsable subject has no usable common name; the SANs may still match
        }
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) names.add((String) san.get(1)); // DNS name, IP address
                }
            }
        } catch (CertificateParsingException e) {
            // no readable SANs: only the common name counts
        }
        return names;
    }

    private void checkName(X509Certificate[] chain) throws CertificateException {
        if (allowed.isEmpty()) return;
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(names(chain[0])));
        for (String n : names) {
            if (allowed.contains(n)) return;
        }
        throw new CertificateException("The client certificate (" + (names.isEmpty() ? "no name" : String.join(", ", names))
                + ") is not in allowed_client_cns.");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        checkName(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        checkName(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        checkName(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
