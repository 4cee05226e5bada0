package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.cli.token.SignClient;
import dev.signet.pki.Pem;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca revoke SERIAL [--reason CODE]} with a one-time token ({@code --token}, or {@code --provisioner} and
 * {@code --password-file} to mint one), or {@code signet ca revoke --cert CRT --key KEY} where the certificate revokes
 * itself over mTLS. SERIAL is decimal, or hex with a {@code 0x} prefix.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a certificate (it then appears on the CRL and cannot renew).")
public final class RevokeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERIAL", description = "The serial (decimal, or hex with 0x).")
    String serial;

    @Option(names = "--reason", defaultValue = "0", description = "RFC 5280 reason code (0 unspecified, 1 keyCompromise, 4 superseded, 5 cessationOfOperation, ...).")
    int reason;

    @Mixin TokenOptions tokenOptions;

    @Option(names = "--cert", paramLabel = "CRT", description = "Revoke this certificate by itself over mTLS (with --key).")
    Path cert;

    @Option(names = "--key", paramLabel = "KEY", description = "The key of --cert.")
    Path key;

    @Mixin CaClientOptions ca;

    @Override
    public Integer call() {
        String decimal;
        if (cert != null) {
            if (key == null) throw new CliException("--cert needs --key.");
            List<X509Certificate> chain = Pem.readCertificates(cert);
            decimal = chain.get(0).getSerialNumber().toString();
            if (serial != null && !parse(serial).toString().equals(decimal)) {
                throw new CliException("SERIAL " + serial + " is not the serial of " + cert + ".");
            }
            new SignClient(Https.mutual(chain, Pem.readPrivateKey(key, null), ca.roots()), ca.url()).revoke(decimal, reason, null);
        } else {
            if (serial == null) throw new CliException("Give SERIAL (with --token or --provisioner) or --cert and --key.");
            decimal = parse(serial).toString();
            String ott = tokenOptions.token(ca, "revoke", decimal, List.of());
            new SignClient(ca.client(), ca.url()).revoke(decimal, reason, ott);
        }
        spec.commandLine().getOut().println("Certificate with serial number " + decimal + " has been revoked.");
        return 0;
    }

    private static BigInteger parse(String s) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new CliException("SERIAL \"" + s + "\" is not a decimal number or 0x-prefixed hex.");
        }
    }
}
