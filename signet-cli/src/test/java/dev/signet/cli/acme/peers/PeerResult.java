package dev.signet.cli.acme.peers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * What one peer run did. {@code chain} and {@code privateKeyPem} are read when the run ends, so they stay those of
 * this run even after a later renewal overwrites the files.
 *
 * @param exit the process exit code; -1 if the run timed out and was killed
 * @param certificate where the peer keeps the lineage's certificate chain (leaf first); may not exist
 * @param privateKey where the peer keeps the certificate's private key; may not exist
 * @param chain the certificates in {@code certificate} when the run ended; empty if there was none
 * @param privateKeyPem the content of {@code privateKey} when the run ended; empty if there was none
 */
public record PeerResult(
        String peer,
        String action,
        List<List<String>> commands,
        int exit,
        boolean timedOut,
        String stdout,
        String stderr,
        Duration elapsed,
        Path certificate,
        Path privateKey,
        List<X509Certificate> chain,
        String privateKeyPem) {

    public boolean ok() {
        return exit == 0 && !timedOut;
    }

    /** The end-entity certificate; fails if the run left no certificate. */
    public X509Certificate leaf() {
        if (chain.isEmpty()) throw new IllegalStateException("no certificate at " + certificate + "\n" + describe());
        return chain.get(0);
    }

    /** Everything needed to understand a failure, for assertion messages. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(peer).append(' ').append(action).append(": exit ").append(exit);
        if (timedOut) s.append(" (timed out and killed)");
        s.append(" after ").append(elapsed.toMillis()).append(" ms\n");
        for (List<String> command : commands) s.append("$ ").append(String.join(" ", command)).append('\n');
        s.append("--- stdout ---\n").append(stdout);
        if (!stdout.endsWith("\n")) s.append('\n');
        s.append("--- stderr ---\n").append(stderr);
        if (!stderr.endsWith("\n")) s.append('\n');
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    static String readText(Path file) {
        if (file == null || !Files.isRegularFile(file)) return "";
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<X509Certificate> readChain(Path file) {
        if (file == null || !Files.isRegularFile(file)) return List.of();
        try {
            byte[] pem = Files.readAllBytes(file);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return factory.generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }
}
