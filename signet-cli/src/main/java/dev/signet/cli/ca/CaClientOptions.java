package dev.signet.cli.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.home.CaHome;
import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.pki.Pem;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --ca-url} and {@code --root} of the commands that talk to a CA, defaulting to what {@code signet ca bootstrap}
 * wrote to {@code config/defaults.json} in the CLI's home ({@code $SIGNET_HOME}, else {@code ~/.signet}).
 */
public final class CaClientOptions {
    static final String DEFAULTS = "config/defaults.json";

    @Option(names = "--ca-url", description = "The CA's URL, e.g. https://ca.example.com:9000 (default: from signet ca bootstrap).")
    String caUrl;

    @Option(names = "--root", paramLabel = "FILE", description = "Root certificate to trust (default: from signet ca bootstrap).")
    Path root;

    @Option(names = "--home", paramLabel = "DIR", description = "The CLI's home with config/defaults.json (default: $SIGNET_HOME, else ~/.signet).")
    Path home;

    /** The CA's base URL without a trailing slash. */
    public String url() {
        String u = caUrl != null ? caUrl : defaults("ca-url");
        return Https.base(u);
    }

    /** The roots to trust. */
    public List<X509Certificate> roots() {
        Path r = root != null ? root : Path.of(defaults("root"));
        return Pem.readCertificates(r);
    }

    /** A client that trusts only {@link #roots()}. */
    public HttpClient client() {
        return Https.trusting(roots());
    }

    private String defaults(String key) {
        Path file = (home != null ? new CaHome(home) : CaHome.fromEnvironment(System.getenv())).dir().resolve(DEFAULTS);
        if (!Files.exists(file)) {
            throw new CliException("Give --" + key + " or run signet ca bootstrap first (" + file + " does not exist).");
        }
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            String v = n.path(key).asText(null);
            if (v == null) throw new CliException(file + " has no \"" + key + "\"; run signet ca bootstrap again or give --" + key + ".");
            return v;
        } catch (IOException e) {
            throw new CliException("Could not read " + file + ": " + e.getMessage() + ".");
        }
    }
}
