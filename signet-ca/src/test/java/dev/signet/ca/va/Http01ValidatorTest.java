package dev.signet.ca.va;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.ca.error.Problem;
import dev.signet.ca.testing.PebbleChallTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** http-01 against a real JDK HTTP server on loopback, and names resolved through a real test DNS server. */
class Http01ValidatorTest {
    private static final String PATH = "/.well-known/acme-challenge/";
    private static final String THUMBPRINT = "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

    private static HttpServer server;
    private static int port;
    /** The Host header of the last request for each token. */
    private static final Map<String, String> HOSTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", Http01ValidatorTest::serve);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    static String keyAuthorization(String token) {
        return token + "." + THUMBPRINT;
    }

    /** What the applicant's server answers, by token. */
    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String token = path.startsWith(PATH) ? path.substring(PATH.length()) : path;
        HOSTS.put(token, exchange.getRequestHeaders().getFirst("Host"));
        switch (token) {
            case "ok" -> respond(exchange, 200, keyAuthorization("ok"), false);
            case "chunked" -> respond(exchange, 200, keyAuthorization("chunked"), true);
            case "newline" -> respond(exchange, 200, keyAuthorization("newline") + "\r\n\n", false);
            case "wrong" -> respond(exchange, 200, "not the key authorization", false);
            case "hop1" -> redirect(exchange, 302, PATH + "hop2");
            case "hop2" -> redirect(exchange, 301, "http://127.0.0.1:" + port + PATH + "hop3");
            case "hop3" -> respond(exchange, 200, keyAuthorization("hop1"), false);
            case "loop" -> redirect(exchange, 307, PATH + "loop");
            case "ftp" -> redirect(exchange, 302, "ftp://127.0.0.1/file");
            case "other-port" -> redirect(exchange, 302, "http://127.0.0.1:" + (port == 1 ? 2 : port - 1) + "/x");
            case "to-name" -> redirect(exchange, 302, "http://other.example.test:" + port + PATH + "named");
            case "named" -> respond(exchange, 200, keyAuthorization("to-name"), false);
            case "big" -> respond(exchange, 200, keyAuthorization("big") + " ".repeat(9000) + "x", false);
            case "big-chunked" -> respond(exchange, 200, "x".repeat(9000), true);
            default -> respond(exchange, 404, "not found", false);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ok", null, null),
                Arguments.of("chunked", null, null),
                Arguments.of("newline", null, null),
                Arguments.of("hop1", null, null),
                Arguments.of("wrong", Problem.INCORRECT_RESPONSE,
                        "was 25 characters that are not the key authorization \"wrong." + THUMBPRINT),
                Arguments.of("missing", Problem.UNAUTHORIZED, "answered with HTTP status 404 instead of 200."),
                Arguments.of("loop", Problem.CONNECTION, "took more than 10 redirects."),
                Arguments.of("ftp", Problem.CONNECTION, "only http and https redirects are followed."),
                Arguments.of("other-port", Problem.CONNECTION, "are followed."),
                Arguments.of("big", Problem.INCORRECT_RESPONSE, "is longer than 8192 bytes"),
                Arguments.of("big-chunked", Problem.INCORRECT_RESPONSE, "is longer than 8192 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesTheResponse(String token, Problem problem, String detail) {
        ValidationResult result = validator(settings(port, Duration.ofSeconds(5))).validate(ipRequest(token));

        assertThat(result.valid()).as("%s", result).isEqualTo(problem == null);
        assertThat(result.problem()).isEqualTo(problem);
        if (detail != null) assertThat(result.detail()).contains(detail).endsWith(".");
        assertThat(HOSTS.get(token)).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void aClosedPortIsAConnectionProblem() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }

        ValidationResult result = validator(settings(closed, Duration.ofSeconds(5))).validate(ipRequest("ok"));

        assertThat(result.problem()).isEqualTo(Problem.CONNECTION);
        assertThat(result.detail()).isEqualTo("Could not fetch http://127.0.0.1:" + closed + PATH
                + "ok: the connection was refused.");
    }

    @Test
    void aChunkSizeMeantToOverflowTheLimitIsRefusedAtOnce() throws Exception {
        try (ServerSocket hostile = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = hostile.accept()) {
                    var out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n").getBytes());
                    byte[] junk = new byte[65536];
                    while (true) out.write(junk); // would fill the CA's memory if the reader trusted the size
                } catch (IOException e) {
                    // the validator hung up, as it should
                }
            });
            server.setDaemon(true);
            server.start();

            ValidationResult result = validator(settings(hostile.getLocalPort(), Duration.ofSeconds(5))).validate(ipRequest("ok"));

            assertThat(result.problem()).isEqualTo(Problem.INCORRECT_RESPONSE);
            assertThat(result.detail()).contains("is longer than 8192 bytes");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        // the kernel completes the connection into the backlog; nobody ever accepts or answers it
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();

            ValidationResult result = validator(settings(silent.getLocalPort(), Duration.ofMillis(500)))
                    .validate(ipRequest("ok"));

            assertThat(result.problem()).isEqualTo(Problem.CONNECTION);
            assertThat(result.detail()).endsWith(": no answer came in time.");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void namesAreResolvedThroughTheConfiguredDnsServer() throws Exception {
        try (PebbleChallTestServer dns = PebbleChallTestServer.start()) {
            dns.setDefaultIpv4("127.0.0.1");
            ValidationSettings settings = new ValidationSettings(port, 443, List.of(dns.dnsAddress()),
                    Duration.ofSeconds(5));

            ValidationResult direct = validator(settings).validate(
                    new ValidationRequest("http-01", "dns", "web.example.test", "ok", keyAuthorization("ok")));
            assertThat(direct.valid()).as("%s", direct).isTrue();
            assertThat(HOSTS.get("ok")).isEqualTo("web.example.test:" + port);

            ValidationResult redirected = validator(settings).validate(new ValidationRequest("http-01", "dns",
                    "web.example.test", "to-name", keyAuthorization("to-name")));
            assertThat(redirected.valid()).as("%s", redirected).isTrue();
            assertThat(HOSTS.get("named")).isEqualTo("other.example.test:" + port);
        }
    }

    private static ValidationSettings settings(int httpPort, Duration timeout) {
        return new ValidationSettings(httpPort, 443, List.of(), timeout);
    }

    private static Http01Validator validator(ValidationSettings settings) {
        return new Http01Validator(settings, new NameResolver(settings.dnsResolvers(), settings.timeout()));
    }

    private static ValidationRequest ipRequest(String token) {
        return new ValidationRequest("http-01", "ip", "127.0.0.1", token, keyAuthorization(token));
    }
}
