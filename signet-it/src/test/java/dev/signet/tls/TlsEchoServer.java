package dev.signet.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Test fixture: a TLS server on a loopback port (or a given port) that completes each handshake, writes one byte and
 * closes, using the server sockets of the given context (so the context's own settings apply).
 */
public final class TlsEchoServer implements AutoCloseable {
    private final ServerSocket listener;
    public final AtomicInteger refused = new AtomicInteger();

    public TlsEchoServer(SSLContext context, int port) throws IOException {
        listener = context.getServerSocketFactory().createServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Thread t = new Thread(() -> serve((SSLSocket) s), "tls-echo-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "tls-echo-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            if ("acme-tls/1".equals(s.getApplicationProtocol())) return;
            s.getOutputStream().write(1);
            s.getOutputStream().flush();
        } catch (IOException e) {
            refused.incrementAndGet();
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
