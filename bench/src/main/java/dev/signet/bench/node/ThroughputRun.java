package dev.signet.bench.node;

import dev.signet.bench.acme.ProcessUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one request kind in a closed loop on N workers for a warm-up and a measured span, and reports the rate, the
 * latency quantiles of the measured requests, failures by kind (never hidden), the fewest completions in any second,
 * and the CPU per request of the server (from {@code /proc}) and of this process.
 *
 * <p>Thread-safe: each worker records into its own sample array; counters are atomic.
 */
final class ThroughputRun {
    /** One worker's request: throws on any failure, whose class and message are counted. */
    @FunctionalInterface
    interface Request {
        void send(long sequence) throws Exception;
    }

    private final String label;
    private final int duration;
    private final int warmup;
    private final Long serverPid;
    private final AtomicIntegerArray perSecond;
    private final LongAdder completed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<String> samples = new ArrayList<>();
    private volatile boolean measuring;
    private volatile boolean stopped;
    private volatile long measureStart;

    ThroughputRun(String label, int duration, int warmup, Long serverPid) {
        this.label = label;
        this.duration = duration;
        this.warmup = warmup;
        this.serverPid = serverPid;
        this.perSecond = new AtomicIntegerArray(duration + 1);
    }

    /** Runs the workers (one request object each) and prints the report; returns the exit code (1 on any failure). */
    int run(List<Request> workers, String what) throws InterruptedException {
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(workers.size());
        for (Request r : workers) {
            long[] mine = new long[1 << 16];
            int[] n = new int[1];
            latencies.add(mine);
            counts.add(n);
            threads.execute(() -> loop(r, latencies, counts, latencies.indexOf(mine)));
        }
        TimeUnit.SECONDS.sleep(warmup); // the warm-up is a span of time, not a wait for something
        double serverCpu0 = serverPid == null ? -1 : ProcessUsage.cpuMillis(serverPid);
        double ownCpu0 = ProcessUsage.cpuMillis(ProcessHandle.current().pid());
        long start = System.nanoTime();
        measureStart = start;
        measuring = true;
        double peakRss = -1;
        while (System.nanoTime() - start < duration * 1_000_000_000L) {
            TimeUnit.MILLISECONDS.sleep(250);
            if (serverPid != null) peakRss = Math.max(peakRss, ProcessUsage.residentMib(serverPid));
        }
        measuring = false;
        stopped = true;
        double seconds = (System.nanoTime() - start) / 1e9;
        double serverCpu = serverPid == null ? -1 : ProcessUsage.cpuMillis(serverPid) - serverCpu0;
        double ownCpu = ProcessUsage.cpuMillis(ProcessHandle.current().pid()) - ownCpu0;
        threads.shutdown();
        if (!threads.awaitTermination(40, TimeUnit.SECONDS)) threads.shutdownNow();
        int total = 0;
        synchronized (latencies) {
            for (int[] n : counts) total += n[0];
        }
        long[] all = new long[total];
        int at = 0;
        synchronized (latencies) {
            for (int i = 0; i < latencies.size(); i++) {
                System.arraycopy(latencies.get(i), 0, all, at, counts.get(i)[0]);
                at += counts.get(i)[0];
            }
        }
        Arrays.sort(all);
        return report(workers.size(), what, all, seconds, serverCpu, ownCpu, peakRss);
    }

    private void loop(Request r, List<long[]> latencies, List<int[]> counts, int index) {
        long sequence = 0;
        while (!stopped) {
            long t0 = System.nanoTime();
            try {
                r.send(sequence++);
            } catch (Exception e) {
                if (measuring) failed(e);
                continue;
            }
            if (!measuring) continue;
            long nanos = System.nanoTime() - t0;
            completed.increment();
            int second = (int) ((System.nanoTime() - measureStart) / 1_000_000_000L);
            if (second < perSecond.length()) perSecond.incrementAndGet(second);
            synchronized (latencies) {
                long[] mine = latencies.get(index);
                int[] n = counts.get(index);
                if (n[0] == mine.length) {
                    mine = Arrays.copyOf(mine, mine.length * 2);
                    latencies.set(index, mine);
                }
                mine[n[0]++] = nanos;
            }
        }
    }

    private void failed(Exception e) {
        String kind = e.getClass().getSimpleName();
        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
        synchronized (samples) {
            if (samples.size() < 5) samples.add(kind + ": " + e.getMessage());
        }
    }

    private static double quantileMillis(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    private int report(int concurrency, String what, long[] sorted, double seconds, double serverCpuMs, double ownCpuMs,
            double peakRssMib) {
        long done = completed.sum();
        long failed = failures.values().stream().mapToLong(LongAdder::sum).sum();
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < Math.min(duration, perSecond.length()); i++) min = Math.min(min, perSecond.get(i));
        if (min == Integer.MAX_VALUE) min = 0;
        System.out.printf(Locale.ROOT, "%s: %d workers, %.1f s measured after %d s warm-up%n", label, concurrency, seconds, warmup);
        System.out.printf(Locale.ROOT, "%s: %d (%.1f/s), failures: %d, fewest in one second: %d%n", what, done, done / seconds, failed, min);
        System.out.printf(Locale.ROOT, "latency ms: p50 %.2f, p90 %.2f, p99 %.2f%n", quantileMillis(sorted, 0.5), quantileMillis(sorted, 0.9),
                quantileMillis(sorted, 0.99));
        failures.forEach((k, v) -> System.out.printf("failed %s: %d%n", k, v.sum()));
        synchronized (samples) {
            samples.forEach(m -> System.out.println("  e.g. " + m));
        }
        String serverCpu = serverCpuMs < 0 || done == 0 ? "-" : String.format(Locale.ROOT, "%.3f", serverCpuMs / done);
        String ownCpu = done == 0 ? "-" : String.format(Locale.ROOT, "%.3f", ownCpuMs / done);
        String rss = peakRssMib < 0 ? "-" : String.format(Locale.ROOT, "%.0f", peakRssMib);
        System.out.printf(Locale.ROOT, "RESULT label=%s concurrency=%d issuances=%d seconds=%.1f rate=%.1f failures=%d p50_ms=%.2f p90_ms=%.2f "
                        + "p99_ms=%.2f server_cpu_ms=%s server_peak_rss_mb=%s gen_cpu_ms=%s min_per_second=%d%n",
                label, concurrency, done, seconds, done / seconds, failed, quantileMillis(sorted, 0.5), quantileMillis(sorted, 0.9),
                quantileMillis(sorted, 0.99), serverCpu, rss, ownCpu, min);
        return failed == 0 && done > 0 ? 0 : 1;
    }
}
