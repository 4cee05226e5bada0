package dev.signet.cli.acme;

import java.net.http.HttpClient;
import dev.signet.cli.Https;
import dev.signet.pki.Crypto;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * An acme4j provider for any RFC 8555 server whose HTTPS certificate chains to the given roots (a private CA such as
 * Signet) instead of the JVM's default trust store. Immutable.
 */
public final class TrustingAcmeProvider extends GenericAcmeProvider {
    private final SSLContext ssl;

    /**
     * acme4j looks BouncyCastle up by the provider name "BC" (key pairs, CSRs, tls-alpn-01 certificates), so the
     * client side of the CLI registers Signet's one BC instance. The CA server never relies on a registered provider.
     */
    public static void installBouncyCastle() {
        if (Security.getProvider(Crypto.BC.getName()) == null) Security.addProvider(Crypto.BC);
    }

    public TrustingAcmeProvider(List<X509Certificate> roots) {
        installBouncyCastle();
        ssl = Https.sslContextTrusting(roots);
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(settings.getTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }
}
