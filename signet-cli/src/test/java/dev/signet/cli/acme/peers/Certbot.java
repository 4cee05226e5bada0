package dev.signet.cli.acme.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives certbot (Debian 2.1): standalone server for http-01, manual hooks for dns-01; no tls-alpn-01 (certbot has
 * no such authenticator). Trusts the ACME server through {@code REQUESTS_CA_BUNDLE}; keeps config, work and logs
 * dirs under {@code workDir/certbot}. The lineage is named after the first domain.
 */
public final class Certbot implements AcmePeer {
    public static final String BINARY = "certbot";
    private final Duration timeout;

    public Certbot() {
        this(Duration.ofSeconds(120));
    }

    public Certbot(Duration timeout) {
        this.timeout = timeout;
    }

    public static boolean installed() {
        return PeerProcess.onPath(BINARY);
    }

    @Override
    public String name() {
        return "certbot";
    }

    @Override
    public PeerResult obtain(AcmeRequest request) {
        List<String> command = base(request, "certonly");
        command.addAll(List.of("--agree-tos", "--no-eff-email", "--email", request.email()));
        for (String domain : request.domains()) command.addAll(List.of("-d", domain));
        command.addAll(challengeFlags(request));
        return run(request, "obtain", command);
    }

    @Override
    public PeerResult renew(AcmeRequest request) {
        List<String> command = base(request, "renew");
        command.addAll(List.of("--force-renewal", "--no-random-sleep-on-renew"));
        command.addAll(challengeFlags(request)); // override the stored renewal parameters, e.g. a new port
        return run(request, "renew", command);
    }

    @Override
    public PeerResult revoke(AcmeRequest request) {
        List<String> command = base(request, "revoke");
        command.addAll(List.of("--reason", "unspecified", "--no-delete-after-revoke"));
        return run(request, "revoke", command);
    }

    public static Path lineageDir(AcmeRequest request) {
        return dir(request).resolve("config/live").resolve(request.firstDomain());
    }

    private static Path dir(AcmeRequest request) {
        return request.workDir().resolve("certbot");
    }

    private static List<String> base(AcmeRequest request, String subcommand) {
        Path dir = dir(request);
        return new ArrayList<>(List.of(BINARY, subcommand,
                "--non-interactive",
                "--server", request.directory().toString(),
                "--config-dir", dir.resolve("config").toString(),
                "--work-dir", dir.resolve("work").toString(),
                "--logs-dir", dir.resolve("logs").toString(),
                "--cert-name", request.firstDomain()));
    }

    private static List<String> challengeFlags(AcmeRequest request) {
        Challenge challenge = request.challenge();
        if (challenge instanceof Challenge.Http01 http) {
            return List.of("--standalone", "--preferred-challenges", "http-01",
                    "--http-01-address", http.address(), "--http-01-port", Integer.toString(http.port()));
        }
        if (challenge instanceof Challenge.Dns01 dns) {
            Path hooks = dir(request).resolve("hooks");
            Path auth = PeerProcess.script(hooks.resolve("dns-auth.sh"), "set -e\n" + PeerProcess.txtFunctions(dns)
                    + "txt_set \"_acme-challenge.${CERTBOT_DOMAIN}.\" \"$CERTBOT_VALIDATION\"\n");
            Path cleanup = PeerProcess.script(hooks.resolve("dns-cleanup.sh"), "set -e\n" + PeerProcess.txtFunctions(dns)
                    + "txt_clear \"_acme-challenge.${CERTBOT_DOMAIN}.\"\n");
            return List.of("--manual", "--preferred-challenges", "dns-01",
                    "--manual-auth-hook", auth.toString(), "--manual-cleanup-hook", cleanup.toString());
        }
        throw new IllegalArgumentException("certbot cannot answer " + challenge);
    }

    private PeerResult run(AcmeRequest request, String action, List<String> command) {
        PeerProcess.Run run = PeerProcess.run(command, Map.of("REQUESTS_CA_BUNDLE", request.caBundle().toString()),
                request.workDir(), name() + "-" + action, timeout);
        Path live = lineageDir(request);
        return PeerProcess.result(name(), action, List.of(run), live.resolve("fullchain.pem"), live.resolve("privkey.pem"));
    }
}
