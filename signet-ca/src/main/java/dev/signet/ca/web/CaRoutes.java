package dev.signet.ca.web;

import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.Storage;
import dev.signet.pki.Fingerprints;
import dev.signet.pki.Pem;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CA's public read-only endpoints, answering as step-ca does so that its clients keep working:
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"ok"}}, or 503 with a reason when the database does not answer;</li>
 *   <li>{@code GET /version}: {@code {"version":..., "requireClientAuthentication":false}};</li>
 *   <li>{@code GET /roots}, {@code /intermediates}: {@code {"crts":[PEM, ...]}}; {@code .pem} variants: PEM text;</li>
 *   <li>{@code GET /root/{sha256}}: {@code {"ca":PEM}} for the root with that fingerprint, else 404;</li>
 *   <li>{@code GET /metrics}: Prometheus text exposition.</li>
 * </ul>
 * Stateless apart from its collaborators; thread-safe.
 */
public final class CaRoutes {
    private static final String PEM_TYPE = "application/x-pem-file";

    private final Storage storage;
    private final List<X509Certificate> roots;
    private final List<X509Certificate> intermediates;
    private final PrometheusMeterRegistry prometheus;
    private final String version;

    public CaRoutes(Storage storage, List<X509Certificate> roots, List<X509Certificate> intermediates,
                    PrometheusMeterRegistry prometheus, String version) {
        this.storage = storage;
        this.roots = List.copyOf(roots);
        this.intermediates = List.copyOf(intermediates);
        this.prometheus = prometheus;
        this.version = version;
    }

    /** Registers the routes on a router. */
    public Router register(Router router) {
        return router
                .add("GET", "/health", "/health", this::health)
                .add("GET", "/version", "/version", ex -> ex.json(200, Map.of("version", version, "requireClientAuthentication", false)))
                .add("GET", "/roots", "/roots", ex -> ex.json(200, Map.of("crts", pems(roots))))
                .add("GET", "/roots\\.pem", "/roots.pem", ex -> ex.send(200, PEM_TYPE, Pem.encodeCertificates(roots)))
                .add("GET", "/root/([^/]+)", "/root/{sha}", this::root)
                .add("GET", "/intermediates", "/intermediates", ex -> ex.json(200, Map.of("crts", pems(intermediates))))
                .add("GET", "/intermediates\\.pem", "/intermediates.pem", ex -> ex.send(200, PEM_TYPE, Pem.encodeCertificates(intermediates)))
                .add("GET", "/metrics", "/metrics", ex -> ex.send(200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape()));
    }

    private void health(Exchange ex) {
        try {
            storage.ping();
            ex.json(200, Map.of("status", "ok"));
        } catch (CaException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "error");
            body.put("reason", e.detail());
            ex.json(503, body);
        }
    }

    private void root(Exchange ex) {
        String wanted;
        try {
            wanted = Fingerprints.normalize(ex.param(0));
        } catch (IllegalArgumentException e) {
            throw new CaException(Problem.MALFORMED, e.getMessage());
        }
        for (X509Certificate r : roots) {
            if (Fingerprints.sha256(r).equals(wanted)) {
                ex.json(200, Map.of("ca", Pem.encodeCertificate(r)));
                return;
            }
        }
        throw new CaException(Problem.NOT_FOUND, "No root certificate has the fingerprint " + wanted + ".");
    }

    private static List<String> pems(List<X509Certificate> certs) {
        return certs.stream().map(Pem::encodeCertificate).toList();
    }
}
