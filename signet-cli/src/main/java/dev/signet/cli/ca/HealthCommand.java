package dev.signet.cli.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.pki.Pem;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code signet ca health}: asks a CA's {@code /health} over HTTPS, trusting only the given root. */
@Command(name = "health", mixinStandardHelpOptions = true, description = "Check that a CA answers and its database is reachable; prints ok.")
public final class HealthCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--ca-url", required = true, description = "The CA's URL, e.g. https://localhost:9000.")
    String caUrl;

    @Option(names = "--root", required = true, paramLabel = "FILE", description = "Root certificate to trust.")
    Path root;

    @Override
    public Integer call() throws Exception {
        HttpResponse<String> r = Https.get(Https.trusting(Pem.readCertificates(root)), Https.base(caUrl) + "/health");
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(r.body());
        } catch (Exception e) {
            throw new CliException("The CA at " + caUrl + " answered /health with status " + r.statusCode() + " and a body that is not JSON.");
        }
        if (r.statusCode() == 200 && "ok".equals(body.path("status").asText())) {
            spec.commandLine().getOut().println("ok");
            return 0;
        }
        String reason = body.path("reason").asText(body.path("detail").asText("status " + r.statusCode()));
        throw new CliException("The CA at " + caUrl + " is not healthy: " + reason);
    }
}
