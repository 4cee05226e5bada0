package dev.signet.cli.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.signet.ca.home.CaHome;
import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import dev.signet.pki.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca bootstrap --ca-url URL --fingerprint SHA256} (step's bootstrap): downloads the root pinned by its
 * fingerprint into {@code certs/root_ca.crt} of the CLI's home ({@code $SIGNET_HOME}, else {@code ~/.signet}) and
 * writes {@code config/defaults.json} with {@code ca-url}, {@code fingerprint} and {@code root}, which later commands
 * use when {@code --ca-url} and {@code --root} are left out.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true, description = "Trust a CA by its root fingerprint and make it the default CA.")
public final class BootstrapCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--ca-url", required = true, description = "The CA's URL, e.g. https://ca.example.com:9000.")
    String caUrl;

    @Option(names = "--fingerprint", required = true, description = "The root's SHA-256 fingerprint (hex).")
    String fingerprint;

    @Option(names = "--force", description = "Replace a different root already in the CLI's home.")
    boolean force;

    @picocli.CommandLine.Mixin HomeOption homeOption;

    @Override
    public Integer call() throws Exception {
        X509Certificate root = RootCommand.pinnedRoot(caUrl, fingerprint);
        CaHome home = homeOption.resolve();
        Path rootFile = home.rootCert();
        if (Files.exists(rootFile) && !force && !Pem.readCertificate(rootFile).equals(root)) {
            throw new CliException("The file " + rootFile + " holds another root; use --force to replace it.");
        }
        SecureFiles.createDirectory(rootFile.getParent(), SecureFiles.PUBLIC_READ_DIR);
        SecureFiles.writeAtomically(rootFile, Pem.encodeCertificate(root).getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC_READ);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("ca-url", Https.base(caUrl));
        defaults.put("fingerprint", Fingerprints.sha256(root));
        defaults.put("root", rootFile.toAbsolutePath().toString());
        Path file = home.dir().resolve(CaClientOptions.DEFAULTS);
        SecureFiles.createDirectory(file.getParent(), SecureFiles.OWNER_ONLY_DIR);
        SecureFiles.writeAtomically(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(defaults),
                SecureFiles.PUBLIC_READ);
        var out = spec.commandLine().getOut();
        out.println("The root certificate has been saved in " + rootFile + ".");
        out.println("The authority configuration has been saved in " + file + ".");
        return 0;
    }
}
