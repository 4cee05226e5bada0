package dev.signet.bench;

import dev.signet.bench.acme.AcmeLoadCommand;
import dev.signet.bench.node.RenewLoadCommand;
import dev.signet.bench.node.SignLoadCommand;
import dev.signet.bench.seed.CrlTimeCommand;
import dev.signet.bench.seed.SeedCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code signet-bench}: load generators for a running CA, and the database seeder and CRL timer of the growth benchmark
 * (issue 7). {@code java -jar bench/target/signet-bench.jar acme --help}.
 */
@Command(name = "signet-bench", mixinStandardHelpOptions = true, subcommands = {AcmeLoadCommand.class, SignLoadCommand.class, RenewLoadCommand.class,
                SeedCommand.class, CrlTimeCommand.class},
        description = "Load generators for ACME servers and the Signet CA.")
public final class SignetBench {
    private SignetBench() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new SignetBench()).execute(args));
    }
}
