package dev.signet.examples;

import dev.signet.tls.AllowedClientNames;
import dev.signet.tls.SignetTls;
import dev.signet.tls.config.TlsConfig;
import dev.signet.tls.config.TlsConfigParser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code websocket_output} as a plain TLS stream: every connected client gets one line per interval
 * ({@code message N}) until it hangs up. TLS comes from the {@code security.tls.server} block of the JSON config given
 * on the command line: an ACME certificate from a Signet CA, renewed and hot-reloaded in the background, and mTLS
 * limited to {@code allowed_client_cns}.
 *
 * <p>Usage: {@code java -cp signet-examples.jar dev.signet.examples.StreamServer CONFIG.json PORT}
 *
 * <p>Thread-safe: one acceptor thread, one thread per client.
 */
public final class StreamServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamServer.class);

    private final SignetTls tls;
    private final ServerSocket listener;
    private final Duration interval;

    public StreamServer(TlsConfig config, int port, Duration interval) throws IOException {
        this.tls = SignetTls.server(config).start();
        this.interval = interval;
        this.listener = tls.sslContext().getServerSocketFactory().createServerSocket(port, 50, InetAddress.getLoopbackAddress());
        log.info("TLS server started with ACME certificate port={} expiry={}", listener.getLocalPort(),
                tls.certificate().leaf().getNotAfter().toInstant());
        Thread acceptor = new Thread(this::acceptLoop, "stream-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve((SSLSocket) s), "stream-server-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.startHandshake();
            log.info("Client connected names={}", clientNames(s));
            OutputStream out = s.getOutputStream();
            for (long n = 1; ; n++) {
                out.write(("message " + n + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(interval.toMillis());
            }
        } catch (IOException e) {
            log.info("Client gone or refused reason={}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object clientNames(SSLSocket s) {
        try {
            return AllowedClientNames.names((X509Certificate) s.getSession().getPeerCertificates()[0]);
        } catch (SSLPeerUnverifiedException e) {
            return "(no client certificate)";
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        tls.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: StreamServer CONFIG.json PORT");
            System.exit(2);
        }
        TlsConfig config = TlsConfigParser.parse(Files.readAllBytes(Path.of(args[0])), args[0]);
        try (StreamServer server = new StreamServer(config, Integer.parseInt(args[1]), Duration.ofMillis(500))) {
            new CountDownLatch(1).await(); // serve until killed
        }
    }
}
