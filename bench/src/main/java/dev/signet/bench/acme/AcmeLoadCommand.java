package dev.signet.bench.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.bench.BlockingHttps;
import dev.signet.pki.KeyType;
import dev.signet.pki.Pem;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signet-bench acme}: full ACME issuances by N workers against any RFC 8555 server, reporting issuances per
 * second, failures by kind, latency quantiles of the whole issuance and of each step, and, given the server's pid, its
 * CPU milliseconds per issuance and peak resident memory. The last line is machine-readable ({@code RESULT ...}).
 * Exits 1 when any issuance failed.
 */
@Command(name = "acme", mixinStandardHelpOptions = true, description = "Full ACME issuances in a loop; prints rates, latencies and costs.")
public final class AcmeLoadCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--directory", required = true, description = "The ACME directory URL.") URI directory;
    @Option(names = "--ca-root", required = true, description = "PEM file with the root that signs the server's TLS certificate.") Path caRoot;
    @Option(names = "--concurrency", defaultValue = "8", description = "Workers, each with its own account (default ${DEFAULT-VALUE}).") int concurrency;
    @Option(names = "--duration", defaultValue = "20", description = "Measured seconds (default ${DEFAULT-VALUE}).") int duration;
    @Option(names = "--warmup", defaultValue = "5", description = "Seconds run before measuring (default ${DEFAULT-VALUE}).") int warmup;
    @Option(names = "--key-type", defaultValue = "p256", description = "Certificate key: p256 or rsa2048 (default ${DEFAULT-VALUE}).") String keyType;
    @Option(names = "--http01-port", defaultValue = "5002", description = "Port of the http-01 responder on 127.0.0.1 (default ${DEFAULT-VALUE}).") int http01Port;
    @Option(names = "--server-pid", description = "The server's process id, for its CPU time and memory.") Long serverPid;
    @Option(names = "--label", defaultValue = "acme", description = "Name of this run in the RESULT line.") String label;
    @Option(names = "--poll-interval-ms", defaultValue = "10", description = "Wait between polls when the server sends no Retry-After (default ${DEFAULT-VALUE}).") long pollInterval;
    @Option(names = "--max-retry-after-ms", defaultValue = "1000", description = "Longest Retry-After honoured (default ${DEFAULT-VALUE}).") long maxRetryAfter;
    @Option(names = "--rss-every", defaultValue = "60", description = "Seconds between the server RSS samples printed as a series (default ${DEFAULT-VALUE}).") int rssEvery;

    @Override
    public Integer call() throws Exception {
        KeyType certificateKeys = switch (keyType.toLowerCase(Locale.ROOT)) {
            case "p256" -> KeyType.EC_P256;
            case "rsa2048" -> KeyType.RSA_2048;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--key-type must be p256 or rsa2048, not " + keyType + ".");
        };
        if (rssEvery < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--rss-every must be at least 1 second, not " + rssEvery + ".");
        }
        BlockingHttps.keepConnections(concurrency, true);
        BlockingHttps http = new BlockingHttps(BlockingHttps.trusting(Pem.readCertificates(caRoot), null), AcmeConnection.TIMEOUT);
        BlockingHttps.Response directoryAnswer = http.get(directory.toString());
        if (directoryAnswer.status() != 200) {
            throw new IllegalStateException("The directory " + directory + " answered HTTP " + directoryAnswer.status() + ".");
        }
        JsonNode dir = JSON.readTree(directoryAnswer.body());
        LoadRun run = new LoadRun(dir.path("newOrder").asText(), duration, pollInterval, maxRetryAfter);
        List<IssuanceWorker> workers = new ArrayList<>();
        try (ChallengeResponder responder = new ChallengeResponder("127.0.0.1", http01Port, Math.max(2, Math.min(concurrency, 16)))) {
            for (int i = 0; i < concurrency; i++) {
                AcmeConnection c = new AcmeConnection(http, new AccountKey(KeyType.EC_P256.generate()), dir.path("newNonce").asText());
                IssuanceWorker w = new IssuanceWorker(i, run, c, responder, certificateKeys.generate());
                w.register(dir.path("newAccount").asText());
                workers.add(w);
            }
            ExecutorService threads = Executors.newFixedThreadPool(concurrency);
            workers.forEach(threads::execute);
            TimeUnit.SECONDS.sleep(warmup); // the warm-up is a span of time, not a wait for something
            double serverCpu0 = serverPid == null ? -1 : ProcessUsage.cpuMillis(serverPid);
            double ownCpu0 = ProcessUsage.cpuMillis(ProcessHandle.current().pid());
            long serverWritten0 = serverPid == null ? -1 : ProcessUsage.writtenBytes(serverPid);
            long start = System.nanoTime();
            run.startMeasuring();
            double peakRss = -1;
            List<Double> rssSeries = new ArrayList<>();
            if (serverPid != null) rssSeries.add(ProcessUsage.residentMib(serverPid));
            long nextSample = start + rssEvery * 1_000_000_000L;
            long longestTick = 0;
            long lastTick = System.nanoTime();
            while (System.nanoTime() - start < duration * 1_000_000_000L) {
                TimeUnit.MILLISECONDS.sleep(250);
                long now = System.nanoTime();
                longestTick = Math.max(longestTick, now - lastTick);
                lastTick = now;
                if (serverPid == null) continue;
                double rss = ProcessUsage.residentMib(serverPid);
                peakRss = Math.max(peakRss, rss);
                if (System.nanoTime() >= nextSample) {
                    rssSeries.add(rss);
                    nextSample += rssEvery * 1_000_000_000L;
                }
            }
            if (serverPid != null) rssSeries.add(ProcessUsage.residentMib(serverPid));
            run.stop();
            double seconds = (System.nanoTime() - start) / 1e9;
            double serverCpu = serverPid == null ? -1 : ProcessUsage.cpuMillis(serverPid) - serverCpu0;
            double ownCpu = ProcessUsage.cpuMillis(ProcessHandle.current().pid()) - ownCpu0;
            long serverWritten1 = serverPid == null ? -1 : ProcessUsage.writtenBytes(serverPid);
            long serverWritten = serverWritten0 < 0 || serverWritten1 < 0 ? -1 : serverWritten1 - serverWritten0;
            threads.shutdown();
            if (!threads.awaitTermination(AcmeConnection.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) threads.shutdownNow();
            Latencies all = new Latencies();
            workers.forEach(w -> all.addAll(w.latencies));
            if (serverPid != null) {
                StringBuilder series = new StringBuilder();
                rssSeries.forEach(r -> series.append(String.format(Locale.ROOT, " %.0f", r)));
                System.out.printf(Locale.ROOT, "server RSS MiB at the start, every %d s and at the end:%s%n", rssEvery, series);
            }
            // a 250 ms sleep that took far longer means this process (or the whole machine) was paused, not the server
            System.out.printf(Locale.ROOT, "fewest issuances per second (second=issuances): %s; longest 250 ms tick of the "
                    + "generator's own clock loop: %.0f ms%n", run.fewestSeconds(duration, 5), longestTick / 1e6);
            return report(run, all, seconds, serverCpu, ownCpu, peakRss, serverWritten);
        }
    }

    private int report(LoadRun run, Latencies all, double seconds, double serverCpuMs, double ownCpuMs, double peakRssMib,
            long serverWrittenBytes) {
        long done = run.completions();
        long failed = run.failures().values().stream().mapToLong(java.util.concurrent.atomic.LongAdder::sum).sum();
        System.out.printf(Locale.ROOT, "%s: %d workers, %.1f s measured after %d s warm-up, %s keys%n", label, concurrency, seconds, warmup, keyType);
        System.out.printf(Locale.ROOT, "issuances: %d (%.1f/s), failures: %d, fewest in one second: %d%n", done, done / seconds, failed,
                run.minPerSecond(duration));
        System.out.printf(Locale.ROOT, "%-11s %9s %9s %9s%n", "step (ms)", "p50", "p90", "p99");
        for (Step s : Step.values()) {
            System.out.printf(Locale.ROOT, "%-11s %9.2f %9.2f %9.2f%n", s.label, all.quantileMillis(s, 0.5), all.quantileMillis(s, 0.9),
                    all.quantileMillis(s, 0.99));
        }
        for (Map.Entry<String, java.util.concurrent.atomic.LongAdder> f : run.failures().entrySet()) {
            System.out.printf("failed %s: %d%n", f.getKey(), f.getValue().sum());
        }
        run.failureSamples().forEach(m -> System.out.println("  e.g. " + m));
        String serverCpu = serverCpuMs < 0 || done == 0 ? "-" : String.format(Locale.ROOT, "%.3f", serverCpuMs / done);
        String ownCpu = done == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ownCpuMs / done);
        String rss = peakRssMib < 0 ? "-" : String.format(Locale.ROOT, "%.0f", peakRssMib);
        String written = serverWrittenBytes < 0 || done == 0 ? "-" : String.format(Locale.ROOT, "%.1f", serverWrittenBytes / 1024.0 / done);
        if (serverCpuMs >= 0) {
            System.out.printf(Locale.ROOT, "server: %s ms CPU and %s KiB written to storage per issuance, peak RSS %s MiB%n", serverCpu,
                    written, rss);
        }
        System.out.printf(Locale.ROOT, "generator: %s ms CPU per issuance%n", ownCpu);
        System.out.printf(Locale.ROOT, "RESULT label=%s concurrency=%d issuances=%d seconds=%.1f rate=%.1f failures=%d p50_ms=%.2f p90_ms=%.2f "
                        + "p99_ms=%.2f server_cpu_ms=%s server_peak_rss_mb=%s gen_cpu_ms=%s min_per_second=%d "
                        + "server_write_kib=%s%n",
                label, concurrency, done, seconds, done / seconds, failed, all.quantileMillis(Step.ISSUANCE, 0.5),
                all.quantileMillis(Step.ISSUANCE, 0.9), all.quantileMillis(Step.ISSUANCE, 0.99), serverCpu, rss, ownCpu, run.minPerSecond(duration),
                written);
        return failed == 0 && done > 0 ? 0 : 1;
    }
}
