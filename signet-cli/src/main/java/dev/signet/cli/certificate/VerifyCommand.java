package dev.signet.cli.certificate;

import dev.signet.pki.ChainVerifier;
import dev.signet.pki.Pem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet certificate verify FILE --roots ROOTS [--host NAME]}: path validation to the roots (other certificates
 * in FILE serve as intermediates), validity now, and the host name. Exit 0 and prints {@code FILE: OK} when valid.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a certificate chains to trusted roots (and names a host).")
public final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Certificate (optionally followed by intermediates), PEM or DER.")
    Path file;

    @Option(names = "--roots", required = true, paramLabel = "ROOTS", description = "File with the trusted root certificate(s).")
    Path roots;

    @Option(names = "--host", description = "Host name or IP the certificate must be valid for.")
    String host;

    @Override
    public Integer call() {
        ChainVerifier.verify(Pem.readCertificates(file), Pem.readCertificates(roots), host, Instant.now());
        spec.commandLine().getOut().println(file + ": OK");
        return 0;
    }
}
