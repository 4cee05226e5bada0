package dev.signet.ca.web;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for client certificates on the CA's own HTTPS port (mTLS for {@code /renew} and {@code /revoke}): a client
 * chain is accepted when its leaf is signed by this CA's intermediate. Validity dates are deliberately not checked
 * here: whether an expired certificate may still renew is the provisioner's {@code allowRenewalAfterExpiry} claim,
 * decided by the registration authority, which also checks that the certificate is one the CA issued and not
 * revoked. Clients that present no certificate are served as before (client auth is wanted, not needed).
 *
 * <p>Immutable and thread-safe.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {
    private final X509Certificate intermediate;

    ClientCertificateTrust(X509Certificate intermediate) {
        this.intermediate = intermediate;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("The client sent no certificate.");
        try {
            chain[0].verify(intermediate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("The client certificate was not issued by this CA's intermediate.", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("This trust manager checks client certificates only.");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {intermediate};
    }
}
