package dev.signet.ca.config;

import dev.signet.pki.ExtendedKeyUsage;
import dev.signet.pki.GoDuration;
import dev.signet.pki.SubjectName;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/** Checks a complete config for values that parse but cannot work together. Stateless. */
final class CaConfigValidator {
    private static final Pattern ADDRESS = Pattern.compile("^(|[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})$");
    private static final Pattern PROVISIONER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> PROVISIONER_TYPES = Set.of("ACME", "JWK");

    private CaConfigValidator() {}

    static void validate(CaConfig c, String source) {
        var m = ADDRESS.matcher(c.address());
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            fail(source, "address", "\"" + c.address() + "\" is not a listen address like :9000 or 127.0.0.1:9000");
        }
        if (c.dnsNames().isEmpty()) fail(source, "dnsNames", "it must name at least one DNS name or IP the CA serves HTTPS for");
        for (int i = 0; i < c.dnsNames().size(); i++) {
            try {
                SubjectName n = SubjectName.parse(c.dnsNames().get(i));
                if (n.type() != SubjectName.Type.DNS && n.type() != SubjectName.Type.IP) {
                    fail(source, "dnsNames[" + i + "]", "\"" + n + "\" is not a DNS name or IP address");
                }
            } catch (IllegalArgumentException e) {
                fail(source, "dnsNames[" + i + "]", strip(e.getMessage()));
            }
        }
        validateDb(c.db(), source);
        if (c.tls().minVersion().compareTo(c.tls().maxVersion()) > 0) {
            fail(source, "tls.minVersion", "it is above tls.maxVersion");
        }
        validateCipherSuites(c.tls().cipherSuites(), source);
        validateClaims(c.authority().claims(), "authority.claims", source);
        Set<String> names = new HashSet<>();
        List<ProvisionerConfig> ps = c.authority().provisioners();
        for (int i = 0; i < ps.size(); i++) {
            ProvisionerConfig p = ps.get(i);
            String at = "authority.provisioners[" + i + "]";
            if (p == null) fail(source, at, "it is null");
            if (p.name() == null || !PROVISIONER_NAME.matcher(p.name()).matches()) {
                fail(source, at + ".name", "a provisioner needs a name of letters, digits, '.', '_' or '-' (at most 64)");
            }
            if (!names.add(p.name())) fail(source, at + ".name", "the name \"" + p.name() + "\" is used twice");
            if (p.type() == null || !PROVISIONER_TYPES.contains(p.type())) {
                fail(source, at + ".type", "\"" + p.type() + "\" is not a supported provisioner type; use ACME or JWK");
            }
            validateClaims(c.claimsOf(p), at + ".claims", source);
            if (p.type().equals("JWK")) validateJwkSettings(p, at, source);
            else validateAcmeSettings(p, c.claimsOf(p), at, source);
        }
        validateValidation(c.acme().validation(), source);
        if (!c.logger().format().equals("text") && !c.logger().format().equals("json")) {
            fail(source, "logger.format", "\"" + c.logger().format() + "\" is not a log format; use text or json");
        }
        if (c.logger().audit().enabled() && c.logger().audit().file().isBlank()) {
            fail(source, "logger.audit.file", "it must name a file when the audit log is enabled");
        }
        if (c.logger().audit().maxHistory() < 1 || c.logger().audit().maxHistory() > 3650) {
            fail(source, "logger.audit.maxHistory", c.logger().audit().maxHistory() + " is not a number of days between 1 and 3650");
        }
        try {
            if (ch.qos.logback.core.util.FileSize.valueOf(c.logger().audit().maxFileSize()).getSize() < 1024) {
                fail(source, "logger.audit.maxFileSize", "\"" + c.logger().audit().maxFileSize() + "\" is below the smallest size of 1KB");
            }
        } catch (IllegalArgumentException e) {
            fail(source, "logger.audit.maxFileSize", "\"" + c.logger().audit().maxFileSize() + "\" is not a size like 100MB, 512KB or 1GB");
        }
        validateCrl(c.crl(), source);
    }

    private static void validateDb(CaConfig.Db db, String source) {
        switch (db.type()) {
            case "sqlite":
                if (db.dataSource().isBlank()) fail(source, "db.dataSource", "it must name the database file");
                if (db.passwordFile() != null) fail(source, "db.passwordFile", "SQLite takes no password; remove it");
                break;
            case "postgresql":
                if (!db.dataSource().startsWith("jdbc:postgresql://")) {
                    fail(source, "db.dataSource", "for PostgreSQL it must be a JDBC URL like jdbc:postgresql://host:5432/signet?user=signet");
                }
                if (db.dataSource().toLowerCase(java.util.Locale.ROOT).matches(".*[?&;]password=.*")) {
                    fail(source, "db.dataSource", "it must not hold the password; put it in the file named by db.passwordFile or in SIGNET_DB_PASSWORD");
                }
                if (db.passwordFile() != null && db.passwordFile().isBlank()) fail(source, "db.passwordFile", "it is empty");
                break;
            default:
                fail(source, "db.type", "\"" + db.type() + "\" is not a supported database; use sqlite or postgresql");
        }
        if (db.maxConnections() != null && (db.maxConnections() < 2 || db.maxConnections() > 200)) {
            fail(source, "db.maxConnections", "it must be between 2 and 200");
        }
        if (db.leaseDuration() != null && (db.leaseDuration().compareTo(java.time.Duration.ofSeconds(1)) < 0
                || db.leaseDuration().compareTo(java.time.Duration.ofMinutes(10)) > 0)) {
            fail(source, "db.leaseDuration", "it must be between 1s and 10m");
        }
    }

    private static void validateCrl(CrlConfig crl, String source) {
        // CRL times have whole seconds (RFC 5280 §5.1.2.4); a CRL valid for less than a minute helps nobody
        if (crl.cacheDuration().compareTo(java.time.Duration.ofMinutes(1)) < 0) fail(source, "crl.cacheDuration", "it must be at least 1m");
        if (crl.url() != null) {
            try {
                java.net.URI u = new java.net.URI(crl.url());
                if (!u.isAbsolute() || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                    throw new java.net.URISyntaxException(crl.url(), "not absolute");
                }
            } catch (java.net.URISyntaxException e) {
                fail(source, "crl.url", "\"" + crl.url() + "\" is not an absolute http or https URL");
            }
        }
        if (crl.httpAddress() != null) {
            var m = ADDRESS.matcher(crl.httpAddress());
            if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
                fail(source, "crl.httpAddress", "\"" + crl.httpAddress() + "\" is not a listen address like :9001 or 127.0.0.1:9001");
            }
        }
    }

    private static void validateClaims(Claims claims, String at, String source) {
        if (claims.minTLSCertDuration().isNegative() || claims.minTLSCertDuration().isZero()) {
            fail(source, at + ".minTLSCertDuration", "it must be positive");
        }
        if (claims.maxTLSCertDuration().compareTo(claims.minTLSCertDuration()) < 0) {
            fail(source, at + ".maxTLSCertDuration", GoDuration.format(claims.maxTLSCertDuration())
                    + " is below minTLSCertDuration " + GoDuration.format(claims.minTLSCertDuration()));
        }
        if (claims.defaultTLSCertDuration().compareTo(claims.minTLSCertDuration()) < 0
                || claims.defaultTLSCertDuration().compareTo(claims.maxTLSCertDuration()) > 0) {
            fail(source, at + ".defaultTLSCertDuration", GoDuration.format(claims.defaultTLSCertDuration())
                    + " is outside minTLSCertDuration " + GoDuration.format(claims.minTLSCertDuration())
                    + " to maxTLSCertDuration " + GoDuration.format(claims.maxTLSCertDuration()));
        }
    }

    private static void validateJwkSettings(ProvisionerConfig p, String at, String source) {
        if (p.key() == null) fail(source, at + ".key", "a JWK provisioner needs its public key");
        try {
            com.nimbusds.jose.jwk.JWK key = com.nimbusds.jose.jwk.JWK.parse(p.key());
            if (key.isPrivate()) fail(source, at + ".key", "it holds private key material; only the public key belongs here");
            if (key.getKeyID() == null || key.getKeyID().isBlank()) fail(source, at + ".key.kid", "the key needs a kid");
        } catch (java.text.ParseException e) {
            fail(source, at + ".key", "it is not a JSON Web Key: " + strip(e.getMessage()));
        }
        if (p.encryptedKey() == null || p.encryptedKey().split("\\.", -1).length != 5) {
            fail(source, at + ".encryptedKey", "a JWK provisioner needs its private key as a compact JWE");
        }
        if (p.requireEAB() != null || p.termsOfService() != null || p.profiles() != null || p.defaultProfile() != null || p.limits() != null) {
            fail(source, at, "requireEAB, termsOfService, profiles, defaultProfile and limits apply to ACME provisioners only");
        }
    }

    private static void validateAcmeSettings(ProvisionerConfig p, Claims claims, String at, String source) {
        if (p.key() != null || p.encryptedKey() != null) fail(source, at, "key and encryptedKey apply to JWK provisioners only");
        if (p.termsOfService() != null) {
            try {
                java.net.URI u = new java.net.URI(p.termsOfService());
                if (!u.isAbsolute() || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) throw new java.net.URISyntaxException(p.termsOfService(), "not absolute");
            } catch (java.net.URISyntaxException e) {
                fail(source, at + ".termsOfService", "\"" + p.termsOfService() + "\" is not an absolute http or https URL");
            }
        }
        Map<String, ProfileConfig> profiles = p.profiles() == null ? Map.of() : p.profiles();
        for (var e : profiles.entrySet()) {
            String pat = at + ".profiles." + e.getKey();
            if (!PROVISIONER_NAME.matcher(e.getKey()).matches()) {
                fail(source, pat, "a profile needs a name of letters, digits, '.', '_' or '-' (at most 64)");
            }
            ProfileConfig pc = e.getValue();
            if (pc == null) fail(source, pat, "it is null");
            if (pc.duration() != null && (pc.duration().compareTo(claims.minTLSCertDuration()) < 0
                    || pc.duration().compareTo(claims.maxTLSCertDuration()) > 0)) {
                fail(source, pat + ".duration", GoDuration.format(pc.duration()) + " is outside the provisioner's claims, "
                        + GoDuration.format(claims.minTLSCertDuration()) + " to " + GoDuration.format(claims.maxTLSCertDuration()));
            }
            List<String> ekus = pc.extendedKeyUsages() == null ? List.of() : pc.extendedKeyUsages();
            for (int j = 0; j < ekus.size(); j++) {
                try {
                    ExtendedKeyUsage.parse(ekus.get(j));
                } catch (IllegalArgumentException ex) {
                    fail(source, pat + ".extendedKeyUsages[" + j + "]", strip(ex.getMessage()));
                }
            }
        }
        if (p.defaultProfile() != null && !profiles.containsKey(p.defaultProfile())) {
            fail(source, at + ".defaultProfile", "\"" + p.defaultProfile() + "\" is not one of the provisioner's profiles");
        }
        LimitsConfig l = p.limits() == null ? LimitsConfig.DEFAULTS : p.limits().withDefaults();
        if (l.pendingOrdersPerAccount() < 1) fail(source, at + ".limits.pendingOrdersPerAccount", "it must be at least 1");
        if (l.ordersPerWindow() < 1) fail(source, at + ".limits.ordersPerWindow", "it must be at least 1");
        if (l.window().isNegative() || l.window().isZero()) fail(source, at + ".limits.window", "it must be positive");
        if (l.maxRequestBytes() < 1024) fail(source, at + ".limits.maxRequestBytes", "it must be at least 1024");
    }

    private static void validateValidation(CaConfig.Validation v, String source) {
        if (v.http01Port() < 1 || v.http01Port() > 65535) fail(source, "acme.validation.http01Port", "it must be a port from 1 to 65535");
        if (v.tlsAlpn01Port() < 1 || v.tlsAlpn01Port() > 65535) {
            fail(source, "acme.validation.tlsAlpn01Port", "it must be a port from 1 to 65535");
        }
        for (int i = 0; i < v.dnsResolvers().size(); i++) {
            var m = ADDRESS.matcher(v.dnsResolvers().get(i));
            if (!m.matches() || m.group(1).isEmpty() || Integer.parseInt(m.group(2)) > 65535) {
                fail(source, "acme.validation.dnsResolvers[" + i + "]", "\"" + v.dnsResolvers().get(i) + "\" is not a host:port like 127.0.0.1:53");
            }
        }
        if (v.timeout().isNegative() || v.timeout().isZero()) fail(source, "acme.validation.timeout", "it must be positive");
    }

    private static void validateCipherSuites(List<String> suites, String source) {
        if (suites.isEmpty()) return;
        Set<String> supported;
        try {
            supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < suites.size(); i++) {
            if (!supported.contains(suites.get(i))) {
                fail(source, "tls.cipherSuites[" + i + "]", "\"" + suites.get(i) + "\" is not a cipher suite this JVM supports");
            }
        }
    }

    private static String strip(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static void fail(String source, String key, String reason) {
        throw new ConfigException("The value of \"" + key + "\" in " + source + " is invalid: " + reason + ".");
    }
}
