package dev.signet.tls.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.tls.SignetTls;
import dev.signet.tls.TestCa;
import dev.signet.tls.TlsFixtures;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jetty 12 recipe of docs/signet-tls.md: a Jetty server whose {@code SslContextFactory.Server} takes
 * {@link SignetTls#sslContext()} enforces {@code allowed_client_cns}, and a certificate swapped into the key manager
 * reaches new connections without restarting Jetty.
 */
class JettyRecipeTest {
    @TempDir Path dir;

    @Test
    void jettyServesTheManagedCertificateEnforcesClientNamesAndHotReloads() throws Exception {
        TestCa ca = new TestCa(dir);
        try (SignetTls tls = SignetTls.server(TlsFixtures.config("server", ca.manualServer("localhost", "client-a"))).start()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls.sslContext());
            ssl.setNeedClientAuth(tls.settings().needClientAuth());
            ssl.setWantClientAuth(tls.settings().wantClientAuth());
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server, ssl);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.write(true, java.nio.ByteBuffer.wrap("hello".getBytes()), callback);
                    return true;
                }
            });
            server.start();
            try {
                URI uri = URI.create("https://localhost:" + connector.getLocalPort() + "/");
                HttpClient a = HttpClient.newBuilder().sslContext(ca.client("client-a").sslContext()).build();
                HttpResponse<String> ok = a.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.body()).isEqualTo("hello");
                assertThat(serial(ok)).isEqualTo(tls.certificate().leaf().getSerialNumber());

                HttpClient b = HttpClient.newBuilder().sslContext(ca.client("client-b").sslContext()).build();
                assertThatThrownBy(() -> b.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                        .isInstanceOf(IOException.class);

                tls.keyManager().swap(ca.leaf("localhost"));
                HttpClient fresh = HttpClient.newBuilder().sslContext(ca.client("client-a").sslContext()).build();
                HttpResponse<String> after = fresh.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(serial(after)).as("a new connection sees the swapped certificate").isEqualTo(tls.certificate().leaf().getSerialNumber());
                assertThat(serial(after)).isNotEqualTo(serial(ok));
            } finally {
                server.stop();
            }
        }
    }

    private static BigInteger serial(HttpResponse<?> response) throws Exception {
        SSLSession s = response.sslSession().orElseThrow();
        return ((X509Certificate) s.getPeerCertificates()[0]).getSerialNumber();
    }
}
