package dev.signet.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The certificate metrics of seed 000 ("Monitoring"), under a configurable prefix ({@code signet} by default; the
 * seed's host would use {@code semstreams}). In Prometheus form:
 * <ul>
 *   <li>{@code <prefix>_certificate_expiry_timestamp_seconds{domain}}: the served certificate's notAfter, per domain;</li>
 *   <li>{@code <prefix>_acme_renewal_success_total} and {@code <prefix>_acme_renewal_failure_total}: ACME issuance
 *       attempts (the first obtainment and every renewal) that succeeded or failed;</li>
 *   <li>{@code <prefix>_acme_renewal_duration_seconds}: how long successful attempts took.</li>
 * </ul>
 *
 * <p>Thread-safe (Micrometer meters are).
 */
public final class TlsMetrics {
    /** The prefix when none is given. */
    public static final String DEFAULT_PREFIX = "signet";

    private final MeterRegistry registry;
    private final String prefix;
    private final Counter success;
    private final Counter failure;
    private final Timer duration;
    private final Map<String, AtomicLong> expiry = new ConcurrentHashMap<>();

    public TlsMetrics(MeterRegistry registry, String prefix) {
        this.registry = registry;
        this.prefix = prefix;
        success = Counter.builder(prefix + ".acme.renewal.success").description("ACME certificate issuances that succeeded.").register(registry);
        failure = Counter.builder(prefix + ".acme.renewal.failure").description("ACME certificate issuances that failed.").register(registry);
        duration = Timer.builder(prefix + ".acme.renewal.duration").description("How long successful ACME certificate issuances took.")
                .register(registry);
    }

    /** Metrics nobody reads: for services without a registry. */
    public static TlsMetrics none() {
        return new TlsMetrics(new SimpleMeterRegistry(), DEFAULT_PREFIX);
    }

    /** Records the certificate now served for {@code domains}. */
    public void served(List<String> domains, X509Certificate certificate) {
        long notAfter = certificate.getNotAfter().toInstant().getEpochSecond();
        for (String d : domains) {
            expiry.computeIfAbsent(d, name -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder(prefix + ".certificate.expiry.timestamp", v, AtomicLong::doubleValue).baseUnit("seconds")
                        .description("When the served certificate expires (Unix time).").tag("domain", name).register(registry);
                return v;
            }).set(notAfter);
        }
    }

    public void succeeded(Duration took) {
        success.increment();
        duration.record(took);
    }

    public void failed() {
        failure.increment();
    }
}
