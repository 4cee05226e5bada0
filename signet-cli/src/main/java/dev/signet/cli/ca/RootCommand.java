package dev.signet.cli.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.pki.ChainVerifier;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import dev.signet.pki.PkiException;
import dev.signet.pki.SecureFiles;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca root OUT --ca-url URL --fingerprint SHA256}: downloads the root by fingerprint and keeps it only if
 * its SHA-256 matches and the CA's own TLS certificate chains to it (trust on first use, pinned by fingerprint).
 */
@Command(name = "root", mixinStandardHelpOptions = true, description = "Download the CA's root certificate, checked against a fingerprint.")
public final class RootCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT", description = "Where to write the root certificate (PEM).")
    Path out;

    @Option(names = "--ca-url", required = true, description = "The CA's URL, e.g. https://ca.example:9000.")
    String caUrl;

    @Option(names = "--fingerprint", required = true, description = "The root's SHA-256 fingerprint (hex).")
    String fingerprint;

    @Option(names = "--force", description = "Overwrite OUT if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !force) throw new CliException("The file " + out + " already exists; use --force to overwrite it.");
        X509Certificate root = pinnedRoot(caUrl, fingerprint);
        SecureFiles.writeAtomically(out, Pem.encodeCertificate(root).getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC_READ);
        spec.commandLine().getOut().println("The root certificate has been saved in " + out + ".");
        return 0;
    }

    /**
     * Downloads the root with this fingerprint and checks it: its SHA-256 matches and the CA's own TLS certificate
     * chains to it.
     */
    static X509Certificate pinnedRoot(String caUrl, String fingerprint) throws Exception {
        String wanted;
        try {
            wanted = Fingerprints.normalize(fingerprint);
        } catch (IllegalArgumentException e) {
            throw new CliException("--fingerprint: " + e.getMessage());
        }
        AtomicReference<X509Certificate[]> served = new AtomicReference<>();
        HttpResponse<String> r = Https.get(Https.capturing(served), Https.base(caUrl) + "/root/" + wanted);
        if (r.statusCode() != 200) {
            throw new CliException("The CA at " + caUrl + " has no root with fingerprint " + wanted + " (status " + r.statusCode() + ").");
        }
        String pem = new ObjectMapper().readTree(r.body()).path("ca").asText("");
        X509Certificate root = Pem.parseCertificates(pem.getBytes(StandardCharsets.US_ASCII), "the CA's answer").get(0);
        String got = Fingerprints.sha256(root);
        if (!got.equals(wanted)) {
            throw new CliException("The root served by " + caUrl + " has fingerprint " + got + ", not " + wanted + "; it was not saved.");
        }
        X509Certificate[] chain = served.get();
        try {
            ChainVerifier.verify(Arrays.asList(chain), List.of(root), URI.create(caUrl).getHost(), Instant.now());
        } catch (PkiException e) {
            throw new CliException("The CA's TLS certificate does not chain to the downloaded root: " + e.getMessage());
        }
        return root;
    }
}
