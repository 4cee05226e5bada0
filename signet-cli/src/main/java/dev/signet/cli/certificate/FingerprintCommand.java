package dev.signet.cli.certificate;

import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet certificate fingerprint FILE}: the SHA-256 fingerprint of the (first) certificate, lowercase hex. */
@Command(name = "fingerprint", mixinStandardHelpOptions = true, description = "Print a certificate's SHA-256 fingerprint.")
public final class FingerprintCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Certificate file, PEM or DER.")
    Path file;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(Fingerprints.sha256(Pem.readCertificate(file)));
        return 0;
    }
}
