package dev.signet.ca.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;

/**
 * The CA's {@code config/ca.json}, in the spirit of step-ca's: camelCase keys, Go-style durations. Paths are relative
 * to the CA home unless absolute. A loaded config is complete (defaults applied) and validated. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaConfig(
        String address,
        List<String> dnsNames,
        String root,
        String crt,
        String key,
        Db db,
        Tls tls,
        Authority authority,
        Logger logger,
        Acme acme,
        CrlConfig crl) {

    /** A config without a {@code crl} block (it takes the CRL defaults when loaded). */
    public CaConfig(String address, List<String> dnsNames, String root, String crt, String key, Db db, Tls tls,
            Authority authority, Logger logger, Acme acme) {
        this(address, dnsNames, root, crt, key, db, tls, authority, logger, acme, null);
    }

    /**
     * {@code db}: where the CA keeps its state.
     *
     * @param type {@code sqlite} (one instance, the default) or {@code postgresql} (any number of active instances)
     * @param dataSource for SQLite the database file; for PostgreSQL a JDBC URL such as
     *     {@code jdbc:postgresql://db.internal:5432/signet?user=signet&sslmode=verify-full}, without the password
     * @param passwordFile PostgreSQL only: a file holding the role's password (else {@code SIGNET_DB_PASSWORD} is used,
     *     else none); never logged
     * @param maxConnections PostgreSQL only: the connection pool's size (default {@value #DEFAULT_MAX_CONNECTIONS})
     * @param leaseDuration how long an instance holds work it started (finalizing an order, validating a challenge)
     *     before another instance may take it over when the first one stopped (default 30s)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Db(String type, String dataSource, String passwordFile, Integer maxConnections, Duration leaseDuration) {
        public static final int DEFAULT_MAX_CONNECTIONS = 10;
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

        public Db(String type, String dataSource) {
            this(type, dataSource, null, null, null);
        }

        /** The pool size in force. */
        public int poolSize() {
            return maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
        }

        /** The lease in force. */
        public Duration lease() {
            return leaseDuration == null ? DEFAULT_LEASE : leaseDuration;
        }

        public boolean usesPostgresql() {
            return "postgresql".equals(type);
        }
    }

    /** {@code tls}: protocol versions ({@code 1.2}, {@code 1.3}) and optional cipher suite names (IANA/JSSE). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tls(TlsVersion minVersion, TlsVersion maxVersion, List<String> cipherSuites) {}

    /** {@code authority}: global claims and the provisioners. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Authority(Claims claims, List<ProvisionerConfig> provisioners) {}

    /** {@code acme}: settings shared by every ACME provisioner. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Acme(Validation validation) {}

    /**
     * {@code acme.validation}: where and how challenges are checked. Production keeps ports 80 and 443; tests use
     * high loopback ports and a test DNS resolver.
     *
     * @param dnsResolvers {@code host:port} of DNS servers for A, AAAA and TXT lookups; empty for the system's
     * @param timeout the longest one validation may take
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(Integer http01Port, Integer tlsAlpn01Port, List<String> dnsResolvers, Duration timeout) {}

    /** {@code logger}: {@code format} is {@code text} or {@code json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Logger(String format, Audit audit) {}

    /**
     * {@code logger.audit}: audit events are always stored in the database; when enabled also appended to a file as
     * JSON lines. The file is rotated daily and when it reaches {@code maxFileSize} (e.g. {@code 100MB}); rotated files
     * older than {@code maxHistory} days are deleted (seed 000's logrotate policy: daily, 30 kept).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Audit(Boolean enabled, String file, Integer maxHistory, String maxFileSize) {
        public Audit(Boolean enabled, String file) {
            this(enabled, file, null, null);
        }
    }

    /** This config with other provisioners (every other setting kept). */
    public CaConfig withProvisioners(List<ProvisionerConfig> provisioners) {
        return new CaConfig(address, dnsNames, root, crt, key, db, tls, new Authority(authority.claims(), provisioners), logger, acme, crl);
    }

    /** The listen port, from {@code address} ({@code :9000}, {@code 0.0.0.0:9000}, {@code [::1]:9000}). */
    public int port() {
        return portOf(address);
    }

    /** The listen host, or null for all interfaces. */
    public String host() {
        return hostOf(address);
    }

    /** The port of a validated listen address such as {@code :9000} or {@code [::1]:9000}. */
    public static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The host of a validated listen address, or null for all interfaces. */
    public static String hostOf(String address) {
        String h = address.substring(0, address.lastIndexOf(':'));
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.isEmpty() ? null : h;
    }

    /** The effective claims of a provisioner: its own, falling back to the authority's, falling back to defaults. */
    public Claims claimsOf(ProvisionerConfig p) {
        Claims global = authority.claims();
        return p.claims() == null ? global : p.claims().inheriting(global);
    }

    /** The authority-wide default certificate lifetime. */
    public Duration defaultCertDuration() {
        return authority.claims().defaultTLSCertDuration();
    }
}
