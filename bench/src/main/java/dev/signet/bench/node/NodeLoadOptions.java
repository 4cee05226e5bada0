package dev.signet.bench.node;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code signet-bench sign} and {@code renew} share. */
final class NodeLoadOptions {
    @Option(names = "--ca-url", required = true, description = "The CA's URL, e.g. https://localhost:9000.") String caUrl;
    @Option(names = "--ca-root", required = true, description = "PEM file with the CA's root.") Path caRoot;
    @Option(names = "--provisioner", required = true, description = "A JWK provisioner of the CA.") String provisioner;
    @Option(names = "--password-file", required = true, description = "File whose first line is the provisioner key's password.") Path passwordFile;
    @Option(names = "--concurrency", defaultValue = "32", description = "Workers (default ${DEFAULT-VALUE}).") int concurrency;
    @Option(names = "--duration", defaultValue = "20", description = "Measured seconds (default ${DEFAULT-VALUE}).") int duration;
    @Option(names = "--warmup", defaultValue = "5", description = "Seconds run before measuring (default ${DEFAULT-VALUE}).") int warmup;
    @Option(names = "--server-pid", description = "The server's process id, for its CPU time and memory.") Long serverPid;
}
