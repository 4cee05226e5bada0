package dev.signet.cli.acme.peers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drives uacme (Debian 1.7.4) with a hook script: http-01 (the hook writes the key authorization into a webroot
 * that this driver serves with a small HTTP server for the duration of the run; uacme has no server of its own) and
 * dns-01. No tls-alpn-01 (that needs ualpn).
 *
 * <p>uacme has no option or environment variable for a custom CA: it uses libcurl-gnutls, which only reads the
 * system store {@code /etc/ssl/certs}. The driver therefore runs uacme in a private user+mount namespace
 * ({@code unshare --map-root-user --mount}) in which a directory holding only the CA bundle is bind-mounted over
 * {@code /etc/ssl/certs}. This needs unprivileged user namespaces (or root). State lives under {@code workDir/uacme}.
 */
public final class Uacme implements AcmePeer {
    public static final String BINARY = "uacme";
    private static final String SYSTEM_STORE = "/etc/ssl/certs";
    private final Duration timeout;

    public Uacme() {
        this(Duration.ofSeconds(120));
    }

    public Uacme(Duration timeout) {
        this.timeout = timeout;
    }

    /** uacme itself and unshare (util-linux), which the driver needs to make uacme trust the CA bundle. */
    public static boolean installed() {
        return PeerProcess.onPath(BINARY) && PeerProcess.onPath("unshare");
    }

    @Override
    public String name() {
        return "uacme";
    }

    @Override
    public PeerResult obtain(AcmeRequest request) {
        List<PeerProcess.Run> runs = new ArrayList<>();
        if (!Files.exists(confDir(request).resolve("private/key.pem"))) {
            List<String> account = uacme(request);
            account.addAll(List.of("--yes", "new", request.email()));
            PeerProcess.Run created = run(request, "account", account);
            runs.add(created);
            if (created.exit() != 0 || created.timedOut()) return result(request, "obtain", runs);
        }
        runs.add(issue(request, "obtain", false));
        return result(request, "obtain", runs);
    }

    @Override
    public PeerResult renew(AcmeRequest request) {
        return result(request, "renew", List.of(issue(request, "renew", true)));
    }

    @Override
    public PeerResult revoke(AcmeRequest request) {
        Path lineage = lineageDir(request);
        Set<Path> before = files(lineage);
        List<String> command = uacme(request);
        command.addAll(List.of("--reason", "0", "revoke", lineage.resolve("cert.pem").toString()));
        PeerProcess.Run run = run(request, "revoke", command);
        // uacme renames the revoked certificate to revoked-<timestamp>.pem
        Path revoked = files(lineage).stream()
                .filter(f -> !before.contains(f) && f.getFileName().toString().startsWith("revoked-"))
                .findFirst()
                .orElse(lineage.resolve("cert.pem"));
        return PeerProcess.result(name(), "revoke", List.of(run), revoked, keyFile(request));
    }

    public static Path confDir(AcmeRequest request) {
        return request.workDir().resolve("uacme/conf");
    }

    /** uacme stores a wildcard lineage under the name without {@code *.}. */
    private static String lineageName(AcmeRequest request) {
        String first = request.firstDomain();
        return first.startsWith("*.") ? first.substring(2) : first;
    }

    private static Path lineageDir(AcmeRequest request) {
        return confDir(request).resolve(lineageName(request));
    }

    private static Path keyFile(AcmeRequest request) {
        return confDir(request).resolve("private").resolve(lineageName(request)).resolve("key.pem");
    }

    private PeerResult result(AcmeRequest request, String action, List<PeerProcess.Run> runs) {
        return PeerProcess.result(name(), action, runs, lineageDir(request).resolve("cert.pem"), keyFile(request));
    }

    private PeerProcess.Run issue(AcmeRequest request, String label, boolean force) {
        Path webroot = request.workDir().resolve("uacme/webroot");
        List<String> command = uacme(request);
        command.addAll(List.of("--hook", hook(request, webroot).toString()));
        if (force) command.add("--force");
        command.add("issue");
        command.addAll(request.domains());
        if (request.challenge() instanceof Challenge.Http01 http) {
            HttpServer server = serve(webroot, http);
            try {
                return run(request, label, command);
            } finally {
                server.stop(0);
            }
        }
        return run(request, label, command);
    }

    private static List<String> uacme(AcmeRequest request) {
        return new ArrayList<>(List.of(BINARY, "--verbose",
                "--confdir", confDir(request).toString(),
                "--acme-url", request.directory().toString()));
    }

    /** Runs uacme with only the request's CA bundle in the system trust store, see the class comment. */
    private PeerProcess.Run run(AcmeRequest request, String label, List<String> uacme) {
        Path trust = request.workDir().resolve("uacme/trust");
        try {
            Files.createDirectories(trust);
            Files.copy(request.caBundle(), trust.resolve("ca-certificates.crt"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("unshare", "--map-root-user", "--mount",
                "sh", "-c", "mount --bind \"$0\" " + SYSTEM_STORE + " && exec \"$@\"", trust.toString()));
        command.addAll(uacme);
        return PeerProcess.run(command, Map.of(), request.workDir(), name() + "-" + label, timeout);
    }

    /** uacme calls {@code hook begin|done|failed TYPE IDENT TOKEN AUTH}; exit 0 on begin accepts the challenge. */
    private static Path hook(AcmeRequest request, Path webroot) {
        Challenge challenge = request.challenge();
        String body;
        if (challenge instanceof Challenge.Http01) {
            body = "dir=" + PeerProcess.quote(webroot.toString()) + "\n"
                    + "case \"$1:$2\" in\n"
                    + "  begin:http-01) mkdir -p \"$dir\" && printf '%s' \"$5\" > \"$dir/$4\" ;;\n"
                    + "  done:http-01|failed:http-01) rm -f \"$dir/$4\" ;;\n"
                    + "  *) exit 1 ;;\n"
                    + "esac\n";
        } else if (challenge instanceof Challenge.Dns01 dns) {
            body = PeerProcess.txtFunctions(dns)
                    + "case \"$1:$2\" in\n"
                    + "  begin:dns-01) txt_set \"_acme-challenge.$3.\" \"$5\" ;;\n"
                    + "  done:dns-01|failed:dns-01) txt_clear \"_acme-challenge.$3.\" ;;\n"
                    + "  *) exit 1 ;;\n"
                    + "esac\n";
        } else {
            throw new IllegalArgumentException("uacme (without ualpn) cannot answer " + challenge);
        }
        return PeerProcess.script(request.workDir().resolve("uacme/hook.sh"), body);
    }

    /** Binds the responder, retrying for a few seconds while the port is still held (e.g. by the previous step's). */
    private static HttpServer bind(Challenge.Http01 http) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return HttpServer.create(new InetSocketAddress(http.address(), http.port()), 16);
            } catch (java.net.BindException e) {
                if (attempt >= 100) throw e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Serves {@code /.well-known/acme-challenge/<token>} from the webroot the hook writes to. */
    private static HttpServer serve(Path webroot, Challenge.Http01 http) {
        try {
            Files.createDirectories(webroot);
            HttpServer server = bind(http);
            server.createContext("/.well-known/acme-challenge/", exchange -> {
                try {
                    String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
                    Path file = webroot.resolve(token).normalize();
                    if (token.isEmpty() || token.contains("/") || !file.startsWith(webroot) || !Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] body = Files.readAllBytes(file);
                    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve http-01 on " + http.address() + ":" + http.port(), e);
        }
    }

    private static Set<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) return Set.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
