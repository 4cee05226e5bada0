package dev.signet.cli.ca;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.config.Claims;
import dev.signet.ca.config.ConfigException;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.home.JwkProvisionerKeys;
import dev.signet.cli.CliException;
import dev.signet.cli.Passwords;
import dev.signet.pki.GoDuration;
import dev.signet.pki.SecureFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca provisioner list|add|update|remove}: edits the provisioners in the CA home's {@code config/ca.json}
 * (validated before it is written, atomically). A running CA picks the change up at its next start.
 */
@Command(name = "provisioner", mixinStandardHelpOptions = true, description = "List, add, update and remove provisioners.",
        subcommands = {ProvisionerCommand.ListProvisioners.class, ProvisionerCommand.Add.class, ProvisionerCommand.Update.class,
                ProvisionerCommand.Remove.class})
public final class ProvisionerCommand {
    /** The claim flags of seed 000 ({@code --x509-default-dur 24h} ...). */
    static final class ClaimOptions {
        @Option(names = "--x509-default-dur", paramLabel = "DURATION", description = "Default certificate lifetime.") String defaultDur;
        @Option(names = "--x509-min-dur", paramLabel = "DURATION", description = "Shortest lifetime a request may ask for.") String minDur;
        @Option(names = "--x509-max-dur", paramLabel = "DURATION", description = "Longest lifetime a request may ask for.") String maxDur;
        @Option(names = "--allow-renewal-after-expiry", arity = "0..1", description = "Let expired certificates renew over mTLS.") Boolean afterExpiry;
        @Option(names = "--disable-renewal", arity = "0..1", description = "Refuse /renew for this provisioner's certificates.") Boolean disableRenewal;

        /** {@code base} with the given flags applied; null when nothing is set and there was nothing. */
        Claims apply(Claims base) {
            Claims b = base == null ? new Claims(null, null, null, null, null) : base;
            Claims c = new Claims(dur("--x509-default-dur", defaultDur, b.defaultTLSCertDuration()), dur("--x509-min-dur", minDur, b.minTLSCertDuration()),
                    dur("--x509-max-dur", maxDur, b.maxTLSCertDuration()), afterExpiry != null ? afterExpiry : b.allowRenewalAfterExpiry(),
                    disableRenewal != null ? disableRenewal : b.disableRenewal());
            return c.equals(new Claims(null, null, null, null, null)) ? null : c;
        }

        private static Duration dur(String flag, String value, Duration fallback) {
            return value == null ? fallback : CliException.forFlag(flag, () -> GoDuration.parse(value));
        }
    }

    /**
     * Remote mode: with {@code --ca-url}, changes go through the admin API over mTLS with the admin certificate (in
     * force at once on every instance); without it, {@code config/ca.json} of {@code --home} is edited.
     */
    static final class AdminOptions {
        @Option(names = "--ca-url", description = "Change a running CA through its admin API (in force at once, no restart).")
        String caUrl;
        @Option(names = "--admin-cert", paramLabel = "CRT", description = "The admin certificate (default: secrets/admin.crt of --home).")
        Path adminCert;
        @Option(names = "--admin-key", paramLabel = "KEY", description = "Its key (default: secrets/admin_key of --home).")
        Path adminKey;
        @Option(names = "--root", paramLabel = "FILE", description = "Root to trust (default: certs/root_ca.crt of --home).")
        Path root;

        java.net.http.HttpClient client(CaHome h) {
            return dev.signet.cli.Https.mutual(dev.signet.pki.Pem.readCertificates(adminCert != null ? adminCert : h.adminCert()),
                    dev.signet.pki.Pem.readPrivateKey(adminKey != null ? adminKey : h.adminKey(), null),
                    dev.signet.pki.Pem.readCertificates(root != null ? root : h.rootCert()));
        }
    }

    /** The admin API's view of the provisioners, and the calls that change them. */
    static final class AdminApi {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
        private final java.net.http.HttpClient client;
        private final String base;

        AdminApi(java.net.http.HttpClient client, String caUrl) {
            this.client = client;
            this.base = dev.signet.cli.Https.base(caUrl) + "/admin/provisioners";
        }

        /** The provisioners and whether each is managed (changeable) through the API. */
        java.util.Map<String, ProvisionerConfig> list(java.util.Set<String> managed) {
            var body = call(base, "GET", null);
            java.util.Map<String, ProvisionerConfig> out = new java.util.LinkedHashMap<>();
            for (var n : body.path("provisioners")) {
                ProvisionerConfig p = CaConfigFile.provisionerFromJson(n.get("provisioner").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "the CA's answer");
                out.put(p.name(), p);
                if ("admin".equals(n.path("source").asText())) managed.add(p.name());
            }
            return out;
        }

        void apply(java.util.Map<String, ProvisionerConfig> before, List<ProvisionerConfig> after) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (ProvisionerConfig p : after) {
                names.add(p.name());
                ProvisionerConfig old = before.get(p.name());
                if (old == null) call(base, "POST", CaConfigFile.provisionerToJson(p));
                else if (!old.equals(p)) call(base + "/" + encode(p.name()), "PUT", CaConfigFile.provisionerToJson(p));
            }
            for (String name : before.keySet()) if (!names.contains(name)) call(base + "/" + encode(name), "DELETE", null);
        }

        private static String encode(String name) {
            return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        }

        private com.fasterxml.jackson.databind.JsonNode call(String url, String method, String json) {
            var r = dev.signet.cli.Https.request(client, url, method, json);
            com.fasterxml.jackson.databind.JsonNode n;
            try {
                n = JSON.readTree(r.body());
            } catch (java.io.IOException e) {
                throw new CliException("The CA answered " + method + " " + url + " with status " + r.statusCode() + " and a body that is not JSON.");
            }
            if (r.statusCode() / 100 != 2) {
                throw new CliException("The CA refused " + method + " " + url + ": " + n.path("detail").asText("status " + r.statusCode()));
            }
            return n;
        }
    }

    /** Loads the provisioners (from the home's config, or from the admin API), lets a command change them, stores them. */
    abstract static class Editing implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin HomeOption home;
        @Mixin AdminOptions admin;

        abstract List<ProvisionerConfig> edit(List<ProvisionerConfig> provisioners);

        abstract String done();

        @Override
        public Integer call() {
            CaHome h = home.resolve();
            if (admin.caUrl != null) {
                AdminApi api = new AdminApi(admin.client(h), admin.caUrl);
                java.util.Map<String, ProvisionerConfig> before = api.list(new java.util.HashSet<>());
                api.apply(before, edit(new ArrayList<>(before.values())));
                spec.commandLine().getOut().println(done() + " It is in force now.");
                return 0;
            }
            CaConfig c = CaConfigFile.load(h.config());
            List<ProvisionerConfig> next = edit(new ArrayList<>(c.authority().provisioners()));
            CaConfig changed = c.withProvisioners(next);
            byte[] json = CaConfigFile.toJson(changed);
            try {
                CaConfigFile.parse(json, "the changed configuration");
            } catch (ConfigException e) {
                throw new CliException(e.getMessage() + " Nothing was changed.");
            }
            SecureFiles.writeAtomically(h.config(), json, SecureFiles.OWNER_READ_WRITE);
            spec.commandLine().getOut().println(done() + " Restart the CA to apply it.");
            return 0;
        }

        static int indexOf(List<ProvisionerConfig> ps, String name) {
            for (int i = 0; i < ps.size(); i++) if (ps.get(i).name().equals(name)) return i;
            return -1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the provisioners.")
    static final class ListProvisioners implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin HomeOption home;
        @Mixin AdminOptions admin;

        @Override
        public Integer call() {
            List<ProvisionerConfig> all;
            java.util.function.Function<ProvisionerConfig, Claims> claimsOf;
            if (admin.caUrl != null) {
                all = new ArrayList<>(new AdminApi(admin.client(home.resolve()), admin.caUrl).list(new java.util.HashSet<>()).values());
                claimsOf = p -> p.claims() == null ? new Claims(null, null, null) : p.claims(); // as set; unset ones inherit
            } else {
                CaConfig c = CaConfigFile.load(home.resolve().config());
                all = c.authority().provisioners();
                claimsOf = c::claimsOf;
            }
            var out = spec.commandLine().getOut();
            out.printf("%-24s %-5s %-10s %-10s %-10s %s%n", "NAME", "TYPE", "DEFAULT", "MIN", "MAX", "KEY ID");
            for (ProvisionerConfig p : all) {
                Claims e = claimsOf.apply(p);
                out.printf("%-24s %-5s %-10s %-10s %-10s %s%n", p.name(), p.type(), dur(e.defaultTLSCertDuration()),
                        dur(e.minTLSCertDuration()), dur(e.maxTLSCertDuration()), p.key() == null ? "-" : p.key().get("kid"));
            }
            return 0;
        }
    }

    private static String dur(Duration d) {
        return d == null ? "-" : GoDuration.format(d);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a JWK or ACME provisioner.")
    static final class Add extends Editing {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--type", required = true, description = "JWK or ACME.") String type;
        @Option(names = "--password-file", paramLabel = "FILE", description = "JWK: the password that encrypts the new provisioner key.") Path passwordFile;
        @Mixin ClaimOptions claims;

        @Override
        List<ProvisionerConfig> edit(List<ProvisionerConfig> ps) {
            if (indexOf(ps, name) >= 0) throw new CliException("A provisioner named \"" + name + "\" already exists.");
            switch (type.toUpperCase(Locale.ROOT)) {
                case "JWK": {
                    if (passwordFile == null) throw new CliException("A JWK provisioner needs --password-file for its key.");
                    var key = JwkProvisionerKeys.create(Passwords.fromFile(passwordFile));
                    ps.add(ProvisionerConfig.jwk(name, claims.apply(null), key.publicKey(), key.encryptedKey()));
                    break;
                }
                case "ACME":
                    ps.add(new ProvisionerConfig(name, "ACME", claims.apply(null)));
                    break;
                default:
                    throw new CliException("--type must be JWK or ACME, not \"" + type + "\".");
            }
            return ps;
        }

        @Override
        String done() {
            return "Added provisioner " + name + ".";
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a provisioner's claims.")
    static final class Update extends Editing {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Mixin ClaimOptions claims;

        @Override
        List<ProvisionerConfig> edit(List<ProvisionerConfig> ps) {
            int i = indexOf(ps, name);
            if (i < 0) throw new CliException("There is no provisioner named \"" + name + "\".");
            ProvisionerConfig p = ps.get(i);
            ps.set(i, new ProvisionerConfig(p.name(), p.type(), claims.apply(p.claims()), p.requireEAB(), p.termsOfService(), p.profiles(),
                    p.defaultProfile(), p.limits(), p.key(), p.encryptedKey()));
            return ps;
        }

        @Override
        String done() {
            return "Updated provisioner " + name + ".";
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a provisioner.")
    static final class Remove extends Editing {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        List<ProvisionerConfig> edit(List<ProvisionerConfig> ps) {
            int i = indexOf(ps, name);
            if (i < 0) throw new CliException("There is no provisioner named \"" + name + "\".");
            ps.remove(i);
            return ps;
        }

        @Override
        String done() {
            return "Removed provisioner " + name + ".";
        }
    }
}
