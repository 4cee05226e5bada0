package dev.signet.ca.ra;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.ConfigException;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.error.CaException;
import dev.signet.ca.error.Problem;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The provisioners in force: those of {@code config/ca.json} plus those managed through the admin API (stored in the
 * database). Every instance on the database sees an admin change within {@code checkInterval}: a read compares the
 * stored version at most that often and rebuilds the snapshot when it moved. Changes are validated as a whole config
 * (the same rules as ca.json) before they are stored; config provisioners cannot be changed through the API.
 *
 * <p>Thread-safe: snapshots are immutable and swapped atomically.
 */
public final class ProvisionerDirectory {
    /** Everything derived from one set of provisioners. Immutable. */
    public record Snapshot(long version, List<ProvisionerConfig> all, Map<String, AcmeProvisioner> acme,
            Map<String, JwkProvisioner> jwk, Map<String, Claims> claims) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProvisionerDirectory.class);

    private final CaConfig config;
    private final Storage storage;
    private final Clock clock;
    private final Duration checkInterval;
    private volatile Snapshot snapshot;
    private volatile Instant checkedAt = Instant.MIN;

    public ProvisionerDirectory(CaConfig config, Storage storage, Clock clock, Duration checkInterval) {
        this.config = config;
        this.storage = storage;
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.snapshot = load();
    }

    /** The provisioners in force now. */
    public Snapshot current() {
        Instant now = clock.instant();
        if (now.isAfter(checkedAt.plus(checkInterval))) {
            checkedAt = now;
            if (storage.provisionersVersion() != snapshot.version()) snapshot = load();
        }
        return snapshot;
    }

    /** Whether {@code name} comes from config/ca.json (and so cannot be changed through the API). */
    public boolean fromConfig(String name) {
        return config.authority().provisioners().stream().anyMatch(p -> p.name().equals(name));
    }

    /** Adds a managed provisioner. */
    public void add(ProvisionerConfig p, String actor) {
        List<ProvisionerConfig> all = new ArrayList<>(load().all());
        if (all.stream().anyMatch(x -> x.name().equals(p.name()))) {
            throw new CaException(Problem.CONFLICT, "A provisioner named \"" + p.name() + "\" already exists.");
        }
        all.add(p);
        validate(all);
        if (!storage.putProvisioner(p.name(), CaConfigFile.provisionerToJson(p), true, clock.instant(), event(actor, "admin.provisioner.add", p))) {
            throw new CaException(Problem.CONFLICT, "A provisioner named \"" + p.name() + "\" already exists.");
        }
        refreshNow();
    }

    /** Replaces a managed provisioner. */
    public void update(ProvisionerConfig p, String actor) {
        requireManaged(p.name());
        List<ProvisionerConfig> all = new ArrayList<>(load().all());
        all.replaceAll(x -> x.name().equals(p.name()) ? p : x);
        validate(all);
        if (!storage.putProvisioner(p.name(), CaConfigFile.provisionerToJson(p), false, clock.instant(), event(actor, "admin.provisioner.update", p))) {
            throw new CaException(Problem.NOT_FOUND, "There is no provisioner named \"" + p.name() + "\".");
        }
        refreshNow();
    }

    /** Removes a managed provisioner. */
    public void remove(String name, String actor) {
        requireManaged(name);
        if (!storage.deleteProvisioner(name, new AuditEvent(clock.instant(), actor, "admin.provisioner.remove", "provisioner:" + name, "success", ""))) {
            throw new CaException(Problem.NOT_FOUND, "There is no provisioner named \"" + name + "\".");
        }
        refreshNow();
    }

    private void requireManaged(String name) {
        if (fromConfig(name)) {
            throw new CaException(Problem.CONFLICT, "The provisioner \"" + name + "\" is defined in config/ca.json; change it there.");
        }
    }

    private void refreshNow() {
        snapshot = load();
        checkedAt = clock.instant();
    }

    private Snapshot load() {
        long version = storage.provisionersVersion();
        List<ProvisionerConfig> all = new ArrayList<>(config.authority().provisioners());
        for (String doc : storage.managedProvisioners()) {
            try {
                all.add(CaConfigFile.provisionerFromJson(doc.getBytes(StandardCharsets.UTF_8), "a stored provisioner"));
            } catch (ConfigException e) {
                // one unreadable row must not stop every request; it is left out and reported
                LOG.error("A stored provisioner cannot be read and is ignored: {}", e.getMessage());
            }
        }
        CaConfig merged = with(all);
        Map<String, Claims> claims = new HashMap<>();
        for (ProvisionerConfig p : all) claims.put(p.name(), merged.claimsOf(p));
        return new Snapshot(version, List.copyOf(all), AcmeProvisioner.allOf(merged), JwkProvisioner.allOf(merged), Map.copyOf(claims));
    }

    private void validate(List<ProvisionerConfig> all) {
        try {
            CaConfigFile.parse(CaConfigFile.toJson(with(all)), "the provisioners");
        } catch (ConfigException e) {
            throw new CaException(Problem.MALFORMED, e.getMessage());
        }
    }

    private CaConfig with(List<ProvisionerConfig> provisioners) {
        return config.withProvisioners(provisioners);
    }

    private AuditEvent event(String actor, String action, ProvisionerConfig p) {
        return new AuditEvent(clock.instant(), actor, action, "provisioner:" + p.name(), "success", "type=" + p.type());
    }
}
