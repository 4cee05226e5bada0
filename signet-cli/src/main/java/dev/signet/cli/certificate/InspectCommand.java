package dev.signet.cli.certificate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.pki.CertificateInfo;
import dev.signet.pki.Pem;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet certificate inspect FILE|https://host:port}: prints a certificate as text or JSON (step's field names:
 * {@code validity.end} etc.). For a URL the server's chain is fetched without verifying it; use {@code verify} to
 * check trust.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print a certificate from a file or a TLS server.")
public final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|URL", description = "A PEM/DER file, or https://host:port.")
    String source;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--bundle", description = "Print every certificate in the file or chain, not only the first.")
    boolean bundle;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) throw new CliException("--format must be text or json, not \"" + format + "\".");
        List<X509Certificate> certs = load(source);
        if (!bundle) certs = certs.subList(0, 1);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            List<Map<String, Object>> described = new ArrayList<>();
            for (X509Certificate c : certs) described.add(CertificateInfo.describe(c));
            out.println(json.writeValueAsString(bundle ? described : described.get(0)));
        } else {
            for (X509Certificate c : certs) out.print(CertificateInfo.text(c));
        }
        out.flush();
        return 0;
    }

    static List<X509Certificate> load(String source) {
        if (source.startsWith("https://")) {
            URI uri = URI.create(source);
            int port = uri.getPort() == -1 ? 443 : uri.getPort();
            return Arrays.asList(Https.peerChain(uri.getHost(), port));
        }
        return Pem.readCertificates(Path.of(source));
    }
}
