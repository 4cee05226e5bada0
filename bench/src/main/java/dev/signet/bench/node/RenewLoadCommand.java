package dev.signet.bench.node;

import dev.signet.bench.BlockingHttps;
import dev.signet.pki.KeyType;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code signet-bench renew}: each of N workers gets one certificate through {@code /1.0/sign}, then loops over
 * {@code POST /1.0/renew} presenting it over mTLS on its kept-alive connection, and checks that every answer is a new
 * certificate for the same key. With {@code --handshake-per-request} every renewal opens a new TLS connection (the JDK
 * keeps no idle connection), so each one pays a full mutual-TLS handshake (issue 7).
 */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Load a Signet CA with mTLS POST /1.0/renew requests.")
public final class RenewLoadCommand implements Callable<Integer> {
    @Mixin NodeLoadOptions options;
    @Option(names = "--label", defaultValue = "renew", description = "Name of this run in the RESULT line.") String label;
    @Option(names = "--handshake-per-request", description = "A new TLS connection (a full handshake) for every renewal.")
    boolean handshakePerRequest;

    @Override
    public Integer call() throws Exception {
        BlockingHttps.keepConnections(options.concurrency, !handshakePerRequest);
        NodeCa ca = NodeCa.connect(options.caUrl, options.caRoot, options.provisioner, options.passwordFile);
        BlockingHttps signing = ca.client();
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        List<ThroughputRun.Request> workers = new ArrayList<>();
        for (int i = 0; i < options.concurrency; i++) {
            KeyPair key = KeyType.EC_P256.generate();
            List<X509Certificate> chain = ca.sign(signing, key, "r" + i + "-" + run + ".renew.bench.test");
            BlockingHttps mutual = ca.mutualClient(chain, key.getPrivate());
            byte[] publicKey = key.getPublic().getEncoded();
            java.math.BigInteger original = chain.get(0).getSerialNumber();
            workers.add(n -> {
                X509Certificate renewed = ca.renew(mutual).get(0);
                if (renewed.getSerialNumber().equals(original) || !Arrays.equals(renewed.getPublicKey().getEncoded(), publicKey)) {
                    throw new IllegalStateException("The renewal of " + original + " is not a new certificate for the same key.");
                }
            });
        }
        return new ThroughputRun(label, options.duration, options.warmup, options.serverPid).run(workers, "renewals");
    }
}
