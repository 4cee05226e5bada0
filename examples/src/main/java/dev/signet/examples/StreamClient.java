package dev.signet.examples;

import dev.signet.tls.SignetTls;
import dev.signet.tls.config.TlsConfig;
import dev.signet.tls.config.TlsConfigParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code websocket_input} as a plain TLS stream: connects to a {@link StreamServer}, presents its own ACME
 * client certificate (from the {@code security.tls.client} block), verifies the server against {@code ca_files} and the
 * host name, and prints the lines it receives.
 *
 * <p>Usage: {@code java -cp signet-examples.jar dev.signet.examples.StreamClient CONFIG.json HOST PORT COUNT}
 */
public final class StreamClient {
    private static final Logger log = LoggerFactory.getLogger(StreamClient.class);

    private StreamClient() {}

    /** Connects and returns the first {@code count} lines. */
    public static List<String> receive(SignetTls tls, String host, int port, int count) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(host, port)) {
            s.startHandshake();
            log.info("Connected to server host={} port={} protocol={}", host, port, s.getSession().getProtocol());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String line = in.readLine();
                if (line == null) throw new IOException("The server closed the stream after " + i + " lines.");
                log.info("Received {}", line);
                lines.add(line);
            }
            return lines;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("Usage: StreamClient CONFIG.json HOST PORT COUNT");
            System.exit(2);
        }
        TlsConfig config = TlsConfigParser.parse(Files.readAllBytes(Path.of(args[0])), args[0]);
        try (SignetTls tls = SignetTls.client(config).start()) {
            receive(tls, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }
}
