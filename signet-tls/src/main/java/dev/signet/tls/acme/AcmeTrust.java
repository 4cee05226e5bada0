package dev.signet.tls.acme;

import dev.signet.pki.Crypto;
import java.net.http.HttpClient;
import dev.signet.tls.ReloadingTrustManager;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * An acme4j provider for any RFC 8555 server, reached over HTTPS with the given {@code SSLContext} (trusting the
 * {@code ca_bundle} root of a private CA such as Signet or step-ca, or the JVM's default trust store). Immutable.
 */
public final class AcmeTrust extends GenericAcmeProvider {
    private final SSLContext ssl;

    /** A provider reaching ACME servers with {@code ssl}'s trust. */
    public AcmeTrust(SSLContext ssl) {
        installBouncyCastle();
        this.ssl = ssl;
    }

    /**
     * acme4j looks BouncyCastle up by the provider name "BC" (CSRs, tls-alpn-01 certificates), so it is registered,
     * at the lowest priority, the first time an ACME client is made; the JDK's providers keep serving everything else.
     */
    public static void installBouncyCastle() {
        if (Security.getProvider(Crypto.BC.getName()) == null) Security.addProvider(Crypto.BC);
    }

    /** A provider trusting exactly {@code roots} for the ACME server's HTTPS certificate. */
    public static AcmeTrust trusting(List<X509Certificate> roots) {
        return new AcmeTrust(sslContext(roots));
    }

    /** A client TLS context trusting exactly {@code roots}, or the JVM's default trust store when {@code roots} is null. */
    public static SSLContext sslContext(List<X509Certificate> roots) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, roots == null ? null : new TrustManager[] {new ReloadingTrustManager(roots)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot make a TLS context.", e);
        }
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(settings.getTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }
}
