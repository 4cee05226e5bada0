package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.cli.Https;
import dev.signet.cli.token.SignClient;
import dev.signet.pki.Pem;
import dev.signet.pki.RenewalRule;
import dev.signet.pki.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca renew CRT KEY}: renews a certificate over mTLS with the certificate itself ({@code POST /renew}):
 * same key, names and lifetime. Without {@code --force} it renews only when due (2/3 of the lifetime has passed, or
 * less than {@code --expires-in} is left). The new chain replaces CRT atomically, with CRT's owner and mode kept; the
 * key does not change, so key and certificate always match. Then {@code --exec} runs, or {@code --pid} gets
 * {@code --signal}. With {@code --daemon} it keeps running ({@link RenewalDaemon}).
 */
@Command(name = "renew", mixinStandardHelpOptions = true, description = "Renew a certificate with itself over mTLS.")
public final class RenewCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CRT", description = "The certificate (chain) to renew; replaced in place.")
    Path crtFile;

    @Parameters(index = "1", paramLabel = "KEY", description = "Its private key (unchanged).")
    Path keyFile;

    @Option(names = "--force", description = "Renew even if the certificate is not due.")
    boolean force;

    @Option(names = "--expires-in", paramLabel = "DURATION", description = "Renew when less than this is left (default: at 2/3 of the lifetime).")
    String expiresIn;

    @Option(names = "--exec", paramLabel = "CMD", description = "Run this command (via sh -c) after a renewal.")
    String exec;

    @Option(names = "--pid", description = "Signal this process after a renewal.")
    Long pid;

    @Option(names = "--signal", defaultValue = "HUP", description = "The signal for --pid (default: ${DEFAULT-VALUE}).")
    String signal;

    @Option(names = "--daemon", description = "Keep running: renew at 2/3 of each lifetime (minus up to 5% jitter), retry every minute, renew at once on SIGHUP.")
    boolean daemon;

    @Mixin CaClientOptions ca;

    @Override
    public Integer call() throws Exception {
        if (daemon) return runDaemon();
        List<X509Certificate> chain = Pem.readCertificates(crtFile);
        X509Certificate leaf = chain.get(0);
        var out = spec.commandLine().getOut();
        if (!force && !due(leaf, Instant.now())) {
            out.println("The certificate " + crtFile + " is not due for renewal (valid until " + leaf.getNotAfter().toInstant() + ").");
            return 0;
        }
        renewOnce(null);
        return 0;
    }

    private int runDaemon() throws InterruptedException {
        RenewalRule rule = expiresIn == null ? RenewalRule.twoThirds() : CliException.forFlag("--expires-in", () -> RenewalRule.parse(expiresIn));
        RenewalDaemon d = new RenewalDaemon(rule, java.time.Clock.systemUTC(), java.util.concurrent.ThreadLocalRandom.current()::nextDouble);
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> d.wake());
        Runtime.getRuntime().addShutdownHook(new Thread(d::stop));
        var out = spec.commandLine().getOut();
        X509Certificate current = Pem.readCertificates(crtFile).get(0);
        if (force) d.wake();
        d.run(current, () -> renewOnce(line -> out.println(line)), line -> {
            out.println(line);
            out.flush();
        });
        return 0;
    }

    /**
     * Renews once, writes the chain, runs the post-renewal action; returns the new leaf.
     *
     * @param reloadFailures where a failed post-renewal action is reported (daemon: the certificate is renewed all the
     *     same and must not be renewed again for it), or null to fail the command
     */
    private X509Certificate renewOnce(java.util.function.Consumer<String> reloadFailures) throws Exception {
        List<X509Certificate> chain = Pem.readCertificates(crtFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, null);
        X509Certificate leaf = chain.get(0);
        var out = spec.commandLine().getOut();
        List<X509Certificate> renewed = new SignClient(Https.mutual(chain, key, ca.roots()), ca.url()).renew();
        if (!renewed.get(0).getPublicKey().equals(leaf.getPublicKey())) {
            throw new CliException("The CA renewed with another key; " + crtFile + " was left unchanged.");
        }
        PosixFileAttributes before = Files.getFileAttributeView(crtFile, PosixFileAttributeView.class).readAttributes();
        SecureFiles.writeAtomically(crtFile, Pem.encodeCertificates(renewed).getBytes(StandardCharsets.US_ASCII), before.permissions());
        Files.getFileAttributeView(crtFile, PosixFileAttributeView.class).setOwner(before.owner());
        Files.getFileAttributeView(crtFile, PosixFileAttributeView.class).setGroup(before.group());
        out.println("Your certificate has been saved in " + crtFile + " (serial " + renewed.get(0).getSerialNumber().toString(16)
                + ", valid until " + renewed.get(0).getNotAfter().toInstant() + ").");
        try {
            afterRenewal();
        } catch (CliException e) {
            if (reloadFailures == null) throw e;
            reloadFailures.accept(e.getMessage());
        }
        return renewed.get(0);
    }

    private boolean due(X509Certificate leaf, Instant now) {
        RenewalRule rule = expiresIn == null ? RenewalRule.twoThirds() : CliException.forFlag("--expires-in", () -> RenewalRule.parse(expiresIn));
        return rule.needsRenewal(leaf, now);
    }

    private void afterRenewal() throws Exception {
        if (exec != null) {
            Process p = new ProcessBuilder("sh", "-c", exec).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new CliException("The certificate was renewed, but --exec \"" + exec + "\" failed.");
            }
        }
        if (pid != null) {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new CliException("The certificate was renewed, but process " + pid + " could not be sent SIG" + signal + ".");
            }
        }
    }
}
