package dev.signet.ca.config;

import java.util.ArrayList;
import java.util.List;

/** Fills the settings a config may leave out with their defaults. Stateless. */
final class CaConfigDefaults {
    static final String ROOT = "certs/root_ca.crt";
    static final String CRT = "certs/intermediate_ca.crt";
    static final String KEY = "secrets/intermediate_ca_key";

    private CaConfigDefaults() {}

    static CaConfig apply(CaConfig c) {
        CaConfig.Db db = c.db() == null ? new CaConfig.Db(null, null) : c.db();
        db = new CaConfig.Db(or(db.type(), "sqlite"), or(db.dataSource(), "db/signet.db"), db.passwordFile(),
                db.maxConnections(), db.leaseDuration());
        CaConfig.Tls tls = c.tls() == null ? new CaConfig.Tls(null, null, null) : c.tls();
        tls = new CaConfig.Tls(or(tls.minVersion(), TlsVersion.TLS_1_2), or(tls.maxVersion(), TlsVersion.TLS_1_3),
                tls.cipherSuites() == null ? List.of() : tls.cipherSuites());
        CaConfig.Authority authority = c.authority() == null ? new CaConfig.Authority(null, null) : c.authority();
        Claims claims = authority.claims() == null ? Claims.DEFAULTS : authority.claims().inheriting(Claims.DEFAULTS);
        authority = new CaConfig.Authority(claims,
                authority.provisioners() == null ? List.of() : new ArrayList<>(authority.provisioners()));
        CaConfig.Logger logger = c.logger() == null ? new CaConfig.Logger(null, null) : c.logger();
        CaConfig.Audit audit = logger.audit() == null ? new CaConfig.Audit(null, null) : logger.audit();
        audit = new CaConfig.Audit(or(audit.enabled(), Boolean.FALSE), or(audit.file(), "logs/audit.log"), or(audit.maxHistory(), 30),
                or(audit.maxFileSize(), "100MB"));
        logger = new CaConfig.Logger(or(logger.format(), "text"), audit);
        CaConfig.Acme acme = c.acme() == null ? new CaConfig.Acme(null) : c.acme();
        CaConfig.Validation v = acme.validation() == null ? new CaConfig.Validation(null, null, null, null) : acme.validation();
        acme = new CaConfig.Acme(new CaConfig.Validation(or(v.http01Port(), 80), or(v.tlsAlpn01Port(), 443),
                v.dnsResolvers() == null ? List.of() : v.dnsResolvers(), or(v.timeout(), java.time.Duration.ofSeconds(10))));
        return new CaConfig(or(c.address(), ":9000"), c.dnsNames() == null ? List.of() : c.dnsNames(),
                or(c.root(), ROOT), or(c.crt(), CRT), or(c.key(), KEY), db, tls, authority, logger, acme,
                c.crl() == null ? CrlConfig.DEFAULTS : c.crl().withDefaults());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
