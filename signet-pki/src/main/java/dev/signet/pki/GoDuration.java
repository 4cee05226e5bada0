package dev.signet.pki;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Go's {@code time.ParseDuration} reads them ({@code 24h}, {@code 17520h}, {@code 1h30m},
 * {@code 90s}, {@code 500ms}), which is how both reference deployments write certificate lifetimes. A bare {@code 0}
 * is zero; negative durations and days ({@code d}) are not accepted because Go does not accept them either.
 *
 * <p>Stateless and thread-safe.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    /**
     * Parses a Go-style duration.
     *
     * @throws IllegalArgumentException with a sentence quoting the text when it is not a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("An empty string is not a duration; write it like 24h, 90m or 1h30m.");
        }
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        double nanos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException(
                        "\"" + text + "\" is not a duration; write it like 24h, 90m or 1h30m (units h, m, s, ms).");
            }
            double value = Double.parseDouble(m.group(1));
            nanos += value * unitNanos(m.group(2));
            pos = m.end();
        }
        if (nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration.");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** Formats compactly: {@code 24h}, {@code 1h30m}, {@code 90s}, {@code 500ms}; zero is {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (d.isNegative()) {
            out.append('-');
            d = d.negated();
        }
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        int nanos = d.toNanosPart() % 1_000_000;
        if (hours > 0) out.append(hours).append('h');
        if (minutes > 0) out.append(minutes).append('m');
        if (seconds > 0) out.append(seconds).append('s');
        if (millis > 0) out.append(millis).append("ms");
        if (nanos > 0) out.append(nanos).append("ns");
        return out.toString();
    }

    private static double unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1;
            case "us":
            case "µs": return 1_000;
            case "ms": return 1_000_000;
            case "s": return 1_000_000_000d;
            case "m": return 60 * 1_000_000_000d;
            case "h": return 3600 * 1_000_000_000d;
            default: throw new IllegalStateException(unit);
        }
    }
}
