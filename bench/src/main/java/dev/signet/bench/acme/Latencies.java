package dev.signet.bench.acme;

import java.util.Arrays;

/** Nanosecond samples per {@link Step}. Not thread-safe: one per worker, merged at the end. */
final class Latencies {
    private final long[][] samples = new long[Step.values().length][1024];
    private final int[] sizes = new int[Step.values().length];

    void add(Step step, long nanos) {
        int i = step.ordinal();
        if (sizes[i] == samples[i].length) samples[i] = Arrays.copyOf(samples[i], sizes[i] * 2);
        samples[i][sizes[i]++] = nanos;
    }

    void addAll(Latencies other) {
        for (Step s : Step.values()) {
            for (int k = 0; k < other.sizes[s.ordinal()]; k++) add(s, other.samples[s.ordinal()][k]);
        }
    }

    int count(Step step) {
        return sizes[step.ordinal()];
    }

    /** The {@code q} quantile (0..1) in milliseconds, nearest rank; NaN without samples. */
    double quantileMillis(Step step, double q) {
        int n = sizes[step.ordinal()];
        if (n == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(samples[step.ordinal()], n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1e6;
    }
}
