package dev.signet.cli.certificate;

import dev.signet.pki.Pem;
import dev.signet.pki.RenewalRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet certificate needs-renewal FILE [--expires-in DURATION|PERCENT]}, usable as a systemd
 * {@code ExecCondition}: exit 0 = renew now, 1 = not yet, 2 = the file is missing, 255 = any other error.
 */
@Command(name = "needs-renewal", mixinStandardHelpOptions = true,
        description = "Exit 0 if the certificate should be renewed now, 1 if not yet, 2 if the file is missing, 255 on error.",
        exitCodeOnInvalidInput = 255, exitCodeOnExecutionException = 255)
public final class NeedsRenewalCommand implements Callable<Integer> {
    public static final int RENEW = 0;
    public static final int NOT_YET = 1;
    public static final int MISSING = 2;
    public static final int ERROR = 255;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Certificate file.")
    Path file;

    @Option(names = "--expires-in", description = "Renew when less than this remains: a duration (8h) or a share of the lifetime (33%%). Default: after 2/3 of the lifetime.")
    String expiresIn;

    @Override
    public Integer call() {
        if (!Files.exists(file)) {
            spec.commandLine().getErr().println("The certificate file " + file + " does not exist.");
            return MISSING;
        }
        RenewalRule rule;
        try {
            rule = expiresIn == null ? RenewalRule.twoThirds() : RenewalRule.parse(expiresIn);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: --expires-in: " + e.getMessage());
            return ERROR;
        }
        X509Certificate cert;
        try {
            cert = Pem.readCertificate(file);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ERROR;
        }
        Instant at = rule.renewAt(cert);
        if (rule.needsRenewal(cert, Instant.now())) {
            spec.commandLine().getOut().println("The certificate " + file + " needs renewal (renewal was due at " + at
                    + "; it expires at " + cert.getNotAfter().toInstant() + ").");
            return RENEW;
        }
        spec.commandLine().getOut().println("The certificate " + file + " does not need renewal until " + at + ".");
        return NOT_YET;
    }
}
