package dev.signet.ca.va;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Connections to validation targets: TCP with a fall back to the next address, and TLS that accepts any certificate.
 * Stateless and thread-safe.
 */
final class Sockets {
    private static final String[] TLS_VERSIONS = {"TLSv1.3", "TLSv1.2"};

    private Sockets() {}

    /**
     * Connects to the first address that accepts. An address that refuses or cannot be routed to hands over to the
     * next; each attempt may use its share of the time left, so that one silent address cannot spend it all.
     *
     * @throws IOException the last address's failure
     */
    static Socket connect(List<InetAddress> addresses, int port, Deadline deadline) throws IOException {
        IOException last = null;
        for (int i = 0; i < addresses.size(); i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(addresses.get(i), port),
                        Math.max(1, deadline.remainingMillis() / (addresses.size() - i)));
                socket.setSoTimeout(deadline.remainingMillis());
                return socket;
            } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
                socket.close();
                last = e;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        throw last != null ? last : new ConnectException("there is no address to connect to");
    }

    /**
     * A TLS client over a connected socket that trusts any certificate: validation proves control by what the peer
     * presents, not by who signed its certificate.
     *
     * @param serverName the SNI host name, or {@code null} for none
     * @param alpn the protocols to offer, or none
     */
    static SSLSocket tls(Socket socket, String serverName, String... alpn) throws IOException {
        SSLSocket tls = (SSLSocket) trustingAll().getSocketFactory().createSocket(socket,
                serverName != null ? serverName : socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(TLS_VERSIONS);
        parameters.setEndpointIdentificationAlgorithm(null);
        parameters.setServerNames(serverName != null ? List.of(new SNIHostName(serverName)) : List.of());
        if (alpn.length > 0) parameters.setApplicationProtocols(alpn);
        tls.setSSLParameters(parameters);
        tls.setUseClientMode(true);
        return tls;
    }

    /** A short description of an I/O failure for a sentence: "the connection was refused", "it timed out". */
    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) return "no answer came in time";
        if (e instanceof ConnectException) return "the connection was refused";
        if (e instanceof NoRouteToHostException) return "there is no route to the host";
        String message = e.getMessage();
        return message != null && !message.isBlank() ? message : e.getClass().getSimpleName();
    }

    private static SSLContext trustingAll() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available in this JDK", e);
        }
    }

    /**
     * Accepts every server certificate. Extended, so that JSSE adds no checks of its own (host name, algorithm
     * constraints); never used for anything but reading what a validation target presents.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // any certificate: the check is on its content, done by the caller
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // as above
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // as above
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("The validation authority is never a TLS server.");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
