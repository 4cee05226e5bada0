package dev.signet.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager whose trust anchors (a CA bundle) can be swapped at run time; each check uses the anchors in force
 * when it starts. Validation itself is the JDK's PKIX (with host name checks where the caller asks for them).
 *
 * <p>Thread-safe: a swap is one atomic reference update.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private final AtomicReference<X509ExtendedTrustManager> delegate = new AtomicReference<>();

    public ReloadingTrustManager(List<X509Certificate> anchors) {
        swap(anchors);
    }

    /** Trusts exactly {@code anchors} from now on. */
    public void swap(List<X509Certificate> anchors) {
        if (anchors.isEmpty()) throw new IllegalArgumentException("A trust manager needs at least one trust anchor.");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < anchors.size(); i++) ks.setCertificateEntry("anchor-" + i, anchors.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) {
                    delegate.set((X509ExtendedTrustManager) tm);
                    return;
                }
            }
            throw new IllegalStateException("The JDK offers no X509ExtendedTrustManager.");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Could not build a trust manager from the anchors.", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.get().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.get().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.get().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.get().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.get().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.get().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.get().getAcceptedIssuers();
    }
}
