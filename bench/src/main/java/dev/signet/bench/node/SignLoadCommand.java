package dev.signet.bench.node;

import dev.signet.bench.BlockingHttps;
import dev.signet.pki.KeyType;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code signet-bench sign}: N workers each loop over {@code POST /1.0/sign} for a fresh name, with a fresh one-time
 * token (minted here with the JWK provisioner's key) and a CSR from the worker's P-256 key, and check that the leaf
 * names the name. Prints signs/s, latency quantiles, failures and CPU per request (issue 7).
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Load a Signet CA with token-authorised POST /1.0/sign requests.")
public final class SignLoadCommand implements Callable<Integer> {
    @Mixin NodeLoadOptions options;
    @Option(names = "--label", defaultValue = "sign", description = "Name of this run in the RESULT line.") String label;

    @Override
    public Integer call() throws Exception {
        BlockingHttps.keepConnections(options.concurrency, true);
        NodeCa ca = NodeCa.connect(options.caUrl, options.caRoot, options.provisioner, options.passwordFile);
        BlockingHttps http = ca.client();
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        List<ThroughputRun.Request> workers = new ArrayList<>();
        for (int i = 0; i < options.concurrency; i++) {
            KeyPair key = KeyType.EC_P256.generate();
            String prefix = "w" + i + "-" + run + "-";
            workers.add(n -> ca.sign(http, key, prefix + n + ".sign.bench.test"));
        }
        return new ThroughputRun(label, options.duration, options.warmup, options.serverPid).run(workers, "signs");
    }
}
