package dev.signet.cli.ca;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.storage.AuditEvent;
import dev.signet.ca.storage.EabKey;
import dev.signet.ca.storage.Storage;
import dev.signet.cli.CliException;
import dev.signet.pki.Crypto;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca acme eab add|list|remove}: manages external account binding keys (RFC 8555 §7.3.4) in the CA's
 * database. Works while the CA runs (the database takes concurrent writers); a new key is usable at once.
 */
@Command(name = "acme", mixinStandardHelpOptions = true, description = "ACME administration.", subcommands = AcmeCommand.Eab.class)
public final class AcmeCommand {
    /** HMAC keys are 256 bits: HS256 as certbot, lego and acme4j use by default. */
    static final int HMAC_KEY_BYTES = 32;

    @Command(name = "eab", mixinStandardHelpOptions = true, description = "External account binding keys.",
            subcommands = {Add.class, ListKeys.class, Remove.class})
    static final class Eab {}

    /** Opens the CA home's config and database for one command. */
    abstract static class EabCommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin HomeOption home;

        abstract int run(CaConfig config, Storage storage);

        @Override
        public Integer call() {
            CaHome h = home.resolve();
            CaConfig config = CaConfigFile.load(h.config());
            try (Storage storage = dev.signet.ca.home.CaDatabase.open(h, config.db())) {
                return run(config, storage);
            }
        }

        static void requireAcmeProvisioner(CaConfig config, String name) {
            ProvisionerConfig p = config.authority().provisioners().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new CliException("There is no provisioner named \"" + name + "\" in the CA's configuration."));
            if (!"ACME".equals(p.type())) throw new CliException("The provisioner \"" + name + "\" is not an ACME provisioner.");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a key; prints its key ID and HMAC key (base64url).")
    static final class Add extends EabCommand {
        @Parameters(index = "0", paramLabel = "PROVISIONER") String provisioner;

        @Option(names = "--reference", description = "A label of your own for the key (e.g. the customer or host).") String reference;

        @Override
        int run(CaConfig config, Storage storage) {
            requireAcmeProvisioner(config, provisioner);
            byte[] id = new byte[12];
            byte[] hmac = new byte[HMAC_KEY_BYTES];
            Crypto.RANDOM.nextBytes(id);
            Crypto.RANDOM.nextBytes(hmac);
            var enc = Base64.getUrlEncoder().withoutPadding();
            // hex, so that a key id never starts with '-' and reads as an option on a command line
            String keyId = java.util.HexFormat.of().formatHex(id);
            Instant now = Instant.now();
            storage.insertEabKey(new EabKey(keyId, provisioner, reference, hmac, now, null, null),
                    new AuditEvent(now, "cli", "acme.eab.add", "eab:" + keyId, "success", "provisioner=" + provisioner));
            var out = spec.commandLine().getOut();
            out.println("Key ID: " + keyId);
            out.println("HMAC key: " + enc.encodeToString(hmac));
            if (reference != null) out.println("Reference: " + reference);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a provisioner's keys and what they are bound to.")
    static final class ListKeys extends EabCommand {
        @Parameters(index = "0", paramLabel = "PROVISIONER") String provisioner;

        @Override
        int run(CaConfig config, Storage storage) {
            requireAcmeProvisioner(config, provisioner);
            var out = spec.commandLine().getOut();
            out.printf("%-26s %-20s %-22s %s%n", "KEY ID", "REFERENCE", "CREATED", "BOUND TO ACCOUNT");
            for (EabKey k : storage.eabKeys(provisioner)) {
                out.printf("%-26s %-20s %-22s %s%n", k.keyId(), k.reference() == null ? "-" : k.reference(),
                        k.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), k.boundAccountId() == null ? "-" : k.boundAccountId());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a key (an account it bound keeps working).")
    static final class Remove extends EabCommand {
        @Parameters(index = "0", paramLabel = "PROVISIONER") String provisioner;

        @Parameters(index = "1", paramLabel = "KEY_ID") String keyId;

        @Override
        int run(CaConfig config, Storage storage) {
            requireAcmeProvisioner(config, provisioner);
            boolean known = storage.findEabKey(keyId).map(k -> k.provisioner().equals(provisioner)).orElse(false);
            if (!known || !storage.deleteEabKey(keyId, new AuditEvent(Instant.now(), "cli", "acme.eab.remove", "eab:" + keyId, "success", ""))) {
                throw new CliException("The provisioner \"" + provisioner + "\" has no EAB key \"" + keyId + "\".");
            }
            spec.commandLine().getOut().println("Removed EAB key " + keyId + ".");
            return 0;
        }
    }
}
