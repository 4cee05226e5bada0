package dev.signet.bench.acme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state workers share: the measured window (after warm-up, until stop), completions per second of it, failures
 * by kind with a few sample messages, and the polling policy. Thread-safe.
 */
final class LoadRun {
    private final String newOrderUrl;
    private final String nonce = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final long pollIntervalMillis;
    private final long maxRetryAfterMillis;
    private final AtomicIntegerArray perSecond;
    private final AtomicLong completed = new AtomicLong();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<String> samples = new ArrayList<>();
    private volatile boolean measuring;
    private volatile boolean stopped;
    private volatile long measureStart;

    LoadRun(String newOrderUrl, int seconds, long pollIntervalMillis, long maxRetryAfterMillis) {
        this.newOrderUrl = newOrderUrl;
        this.perSecond = new AtomicIntegerArray(seconds + 1);
        this.pollIntervalMillis = pollIntervalMillis;
        this.maxRetryAfterMillis = maxRetryAfterMillis;
    }

    String newOrderUrl() {
        return newOrderUrl;
    }

    /** Part of every name, so that names are fresh across runs against one server. */
    String nonce() {
        return nonce;
    }

    void startMeasuring() {
        measureStart = System.nanoTime();
        measuring = true;
    }

    void stop() {
        measuring = false;
        stopped = true;
    }

    boolean measuring() {
        return measuring;
    }

    boolean stopped() {
        return stopped;
    }

    void completed() {
        completed.incrementAndGet();
        int second = (int) ((System.nanoTime() - measureStart) / 1_000_000_000L);
        if (second < perSecond.length()) perSecond.incrementAndGet(second);
    }

    void failed(String kind, String message) {
        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
        synchronized (samples) {
            if (samples.size() < 5) samples.add(kind + ": " + message);
        }
    }

    long completions() {
        return completed.get();
    }

    Map<String, LongAdder> failures() {
        return failures;
    }

    List<String> failureSamples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The fewest completions in any whole second of a window of {@code seconds}. */
    int minPerSecond(int seconds) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < Math.min(seconds, perSecond.length()); i++) min = Math.min(min, perSecond.get(i));
        return min == Integer.MAX_VALUE ? 0 : min;
    }

    /**
     * The {@code n} seconds of a window of {@code seconds} with the fewest completions, fewest first, as
     * {@code second=count} (seconds counted from the start of the measured window), for telling a stall from a slow
     * stretch.
     */
    String fewestSeconds(int seconds, int n) {
        int length = Math.min(seconds, perSecond.length());
        return java.util.stream.IntStream.range(0, length).boxed()
                .sorted(java.util.Comparator.comparingInt(perSecond::get).thenComparingInt(i -> i))
                .limit(n).map(i -> i + "=" + perSecond.get(i)).collect(java.util.stream.Collectors.joining(" "));
    }

    /**
     * Waits before the next poll: the server's {@code Retry-After} when it sent one, up to the short maximum this run
     * honours, else the poll interval.
     */
    void pause(long retryAfterSeconds) throws InterruptedException {
        long millis = retryAfterSeconds < 0 ? pollIntervalMillis : Math.min(retryAfterSeconds * 1000, maxRetryAfterMillis);
        if (millis > 0) Thread.sleep(millis);
    }
}
