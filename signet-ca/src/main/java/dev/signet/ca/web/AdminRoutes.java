package dev.signet.ca.web;

import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.config.ConfigException;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.ra.AdminAuthority;
import dev.signet.ca.ra.ProvisionerDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API, authenticated by the admin certificate over mTLS: {@code GET/POST /admin/provisioners},
 * {@code PUT/DELETE /admin/provisioners/{name}}. Bodies are ca.json provisioner objects. Changes are stored in the
 * database, audited, and in force on every instance within seconds, without a restart.
 *
 * <p>Thread-safe; holds no per-request state.
 */
public final class AdminRoutes {
    private static final int MAX_BODY = 64 * 1024;

    private final AdminAuthority admins;
    private final ProvisionerDirectory provisioners;

    public AdminRoutes(AdminAuthority admins, ProvisionerDirectory provisioners) {
        this.admins = admins;
        this.provisioners = provisioners;
    }

    public Router register(Router router) {
        router.add("GET", "/admin/provisioners", "/admin/provisioners", this::list);
        router.add("POST", "/admin/provisioners", "/admin/provisioners", this::add);
        router.add("PUT", "/admin/provisioners/([^/]+)", "/admin/provisioners/{name}", this::update);
        router.add("DELETE", "/admin/provisioners/([^/]+)", "/admin/provisioners/{name}", this::remove);
        return router;
    }

    private void list(Exchange ex) throws IOException {
        admins.authenticate(ex.clientCertificates());
        List<Object> out = new ArrayList<>();
        for (ProvisionerConfig p : provisioners.current().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", provisioners.fromConfig(p.name()) ? "config" : "admin");
            m.put("provisioner", Exchange.JSON.readTree(CaConfigFile.provisionerToJson(p)));
            out.add(m);
        }
        ex.json(200, Map.of("provisioners", out));
    }

    private void add(Exchange ex) {
        String actor = admins.authenticate(ex.clientCertificates());
        ProvisionerConfig p = body(ex);
        provisioners.add(p, actor);
        ex.json(201, Map.of("name", p.name(), "status", "added"));
    }

    private void update(Exchange ex) {
        String actor = admins.authenticate(ex.clientCertificates());
        ProvisionerConfig p = body(ex);
        if (!p.name().equals(ex.param(0))) {
            throw new CaException(Problem.MALFORMED, "The body names provisioner \"" + p.name() + "\", the URL \"" + ex.param(0) + "\".");
        }
        provisioners.update(p, actor);
        ex.json(200, Map.of("name", p.name(), "status", "updated"));
    }

    private void remove(Exchange ex) {
        String actor = admins.authenticate(ex.clientCertificates());
        provisioners.remove(ex.param(0), actor);
        ex.json(200, Map.of("name", ex.param(0), "status", "removed"));
    }

    private static ProvisionerConfig body(Exchange ex) {
        try {
            ProvisionerConfig p = CaConfigFile.provisionerFromJson(ex.body(MAX_BODY), "the request body");
            if (p.name() == null) throw new CaException(Problem.MALFORMED, "The provisioner needs a name.");
            return p;
        } catch (ConfigException e) {
            throw new CaException(Problem.MALFORMED, e.getMessage());
        }
    }
}
