package dev.signet.bench;

import dev.signet.bench.acme.AcmeLoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code signet-bench}: load generators for a running CA (issue 7). {@code java -jar bench/target/signet-bench.jar acme --help}. */
@Command(name = "signet-bench", mixinStandardHelpOptions = true, subcommands = AcmeLoadCommand.class,
        description = "Load generators for ACME servers and the Signet CA.")
public final class SignetBench {
    private SignetBench() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new SignetBench()).execute(args));
    }
}
