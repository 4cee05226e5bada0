package dev.signet.ca.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code pebble-challtestsrv} (Debian package {@code pebble}): a real DNS server on loopback whose answers
 * the test sets through its management API. Only its DNS server and management API are started (http-01, https-01 and
 * tls-alpn-01 listeners off). A queries are answered with 127.0.0.1 and AAAA queries with nothing, unless changed,
 * so that names resolved through it reach test servers bound to 127.0.0.1.
 *
 * <p>{@link #start()} requires the binary through {@link Peers} (skip locally, fail in CI). Not thread-safe for
 * concurrent changes to the same name; one instance per test class is the intended use. Close it to stop the process.
 */
public final class PebbleChallTestServer implements AutoCloseable {
    public static final String BINARY = "pebble-challtestsrv";
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final Path log;
    private final InetSocketAddress dns;
    private final URI management;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PebbleChallTestServer(Process process, Path log, int dnsPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.dns = new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort);
        this.management = URI.create("http://127.0.0.1:" + managementPort);
    }

    /** Starts the server on free loopback ports and returns once its DNS and management ports accept connections. */
    public static PebbleChallTestServer start() throws IOException, InterruptedException {
        Peers.requireTool(BINARY);
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // a free port may be taken between probing and binding; then the process exits and we try other ports
            int dnsPort = freeTcpAndUdpPort();
            int managementPort = freeTcpPort();
            Path log = Files.createTempFile(BINARY, ".log");
            List<String> command = new ArrayList<>(List.of(BINARY,
                    "-dns01", "127.0.0.1:" + dnsPort, "-management", "127.0.0.1:" + managementPort,
                    "-http01", "", "-https01", "", "-tlsalpn01", "",
                    "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            PebbleChallTestServer server = new PebbleChallTestServer(process, log, dnsPort, managementPort);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                server.close();
                last = e;
            }
        }
        throw last;
    }

    /** The DNS server's address, for {@code ValidationSettings.dnsResolvers}. */
    /** The management API's base URL ({@code /set-txt}, {@code /clear-txt}, ...), for hooks of peer clients. */
    public URI management() {
        return management;
    }

    public InetSocketAddress dnsAddress() {
        return dns;
    }

    /** Adds a TXT record (several values for one name add up). {@code host} may omit the final dot. */
    public void setTxt(String host, String value) throws IOException, InterruptedException {
        post("/set-txt", "{\"host\":" + json(fqdn(host)) + ",\"value\":" + json(value) + "}");
    }

    /** Removes all TXT records of a name. */
    public void clearTxt(String host) throws IOException, InterruptedException {
        post("/clear-txt", "{\"host\":" + json(fqdn(host)) + "}");
    }

    /** The address answered to A queries for names without their own A records. */
    public void setDefaultIpv4(String ip) throws IOException, InterruptedException {
        post("/set-default-ipv4", "{\"ip\":" + json(ip) + "}");
    }

    /** The address answered to AAAA queries for names without their own records; empty for no answer. */
    public void setDefaultIpv6(String ip) throws IOException, InterruptedException {
        post("/set-default-ipv6", "{\"ip\":" + json(ip) + "}");
    }

    /** What the process wrote so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(the log " + log + " cannot be read: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind
        }
    }

    private void post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(management.resolve(path))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(BINARY + " answered " + response.statusCode() + " to " + path + " " + body + ": "
                    + response.body());
        }
    }

    /** Polls until both ports accept; the poll interval is a wait on the process, which also notices it exiting. */
    private void awaitReady() throws IOException, InterruptedException {
        long end = System.nanoTime() + STARTUP.toNanos();
        while (!(accepts(management.getPort()) && accepts(dns.getPort()))) {
            if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                throw new IOException(BINARY + " exited with " + process.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > end) {
                throw new IOException(BINARY + " did not open its ports within " + STARTUP + ":\n" + log());
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() {
        return Ports.free();
    }

    private static int freeTcpAndUdpPort() {
        return Ports.free();
    }

    private static String fqdn(String host) {
        return host.endsWith(".") ? host : host + ".";
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
