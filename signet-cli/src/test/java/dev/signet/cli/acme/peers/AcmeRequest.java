package dev.signet.cli.acme.peers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One certificate lineage as a peer sees it: the same request is passed to {@code obtain}, {@code renew} and
 * {@code revoke}.
 *
 * @param directory the ACME directory URL (https on loopback)
 * @param caBundle PEM file with the root that signs the ACME server's HTTPS certificate
 * @param domains the names to request; the first one names the lineage
 * @param challenge how to prove control of the names
 * @param workDir all of the peer's state (accounts, keys, certificates, logs) lives below this directory
 * @param email the ACME account contact
 */
public record AcmeRequest(URI directory, Path caBundle, List<String> domains, Challenge challenge, Path workDir, String email) {
    public AcmeRequest {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(caBundle, "caBundle");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(email, "email");
        domains = List.copyOf(domains);
        if (domains.isEmpty()) throw new IllegalArgumentException("at least one domain is required");
        caBundle = caBundle.toAbsolutePath();
        workDir = workDir.toAbsolutePath();
    }

    public String firstDomain() {
        return domains.get(0);
    }
}
