package dev.signet.cli.acme.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives lego (Debian 4.9): built-in servers for http-01 and tls-alpn-01, the {@code exec} DNS provider for dns-01.
 * Trusts the ACME server through {@code LEGO_CA_CERTIFICATES}; keeps accounts and certificates under
 * {@code workDir/lego}.
 */
public final class Lego implements AcmePeer {
    public static final String BINARY = "lego";
    /** {@code renew --days} larger than any certificate lifetime, so that renew always renews. */
    private static final String ALWAYS_RENEW_DAYS = "100000";
    private final Duration timeout;

    public Lego() {
        this(Duration.ofSeconds(120));
    }

    public Lego(Duration timeout) {
        this.timeout = timeout;
    }

    public static boolean installed() {
        return PeerProcess.onPath(BINARY);
    }

    @Override
    public String name() {
        return "lego";
    }

    @Override
    public PeerResult obtain(AcmeRequest request) {
        List<String> command = global(request);
        command.addAll(challengeFlags(request));
        command.add("run");
        return run(request, "obtain", command);
    }

    @Override
    public PeerResult renew(AcmeRequest request) {
        List<String> command = global(request);
        command.addAll(challengeFlags(request));
        command.addAll(List.of("renew", "--days", ALWAYS_RENEW_DAYS, "--no-random-sleep"));
        return run(request, "renew", command);
    }

    @Override
    public PeerResult revoke(AcmeRequest request) {
        List<String> command = global(request);
        command.addAll(List.of("revoke", "--reason", "0", "--keep"));
        return run(request, "revoke", command);
    }

    public static Path certificatesDir(AcmeRequest request) {
        return dir(request).resolve("certificates");
    }

    private static Path dir(AcmeRequest request) {
        return request.workDir().resolve("lego");
    }

    private static List<String> global(AcmeRequest request) {
        List<String> command = new ArrayList<>(List.of(BINARY,
                "--server", request.directory().toString(),
                "--path", dir(request).toString(),
                "--accept-tos",
                "--email", request.email()));
        for (String domain : request.domains()) command.addAll(List.of("--domains", domain));
        return command;
    }

    private static List<String> challengeFlags(AcmeRequest request) {
        Challenge challenge = request.challenge();
        if (challenge instanceof Challenge.Http01 http) {
            return List.of("--http", "--http.port", http.address() + ":" + http.port());
        }
        if (challenge instanceof Challenge.TlsAlpn01 tls) {
            return List.of("--tls", "--tls.port", tls.address() + ":" + tls.port());
        }
        if (challenge instanceof Challenge.Dns01 dns) {
            return List.of("--dns", "exec", "--dns.resolvers", dns.resolver(), "--dns.disable-cp");
        }
        throw new IllegalArgumentException("lego cannot answer " + challenge);
    }

    private PeerResult run(AcmeRequest request, String action, List<String> command) {
        Map<String, String> env = new HashMap<>();
        env.put("LEGO_CA_CERTIFICATES", request.caBundle().toString());
        if (request.challenge() instanceof Challenge.Dns01 dns) {
            // exec provider: "<script> present|cleanup <fqdn.> <value>"
            Path script = PeerProcess.script(dir(request).resolve("hooks/dns-exec.sh"), "set -e\n"
                    + PeerProcess.txtFunctions(dns)
                    + "case \"$1\" in\n"
                    + "  present) txt_set \"$2\" \"$3\" ;;\n"
                    + "  cleanup) txt_clear \"$2\" ;;\n"
                    + "  *) echo \"unexpected: $*\" >&2; exit 1 ;;\n"
                    + "esac\n");
            env.put("EXEC_PATH", script.toString());
            env.put("EXEC_PROPAGATION_TIMEOUT", "60");
            env.put("EXEC_POLLING_INTERVAL", "1");
        }
        PeerProcess.Run run = PeerProcess.run(command, env, request.workDir(), name() + "-" + action, timeout);
        String file = request.firstDomain().replace("*", "_");
        Path certificates = certificatesDir(request);
        return PeerProcess.result(name(), action, List.of(run),
                certificates.resolve(file + ".crt"), certificates.resolve(file + ".key"));
    }
}
