package dev.signet.bench.seed;

import dev.signet.ca.config.ConfigException;
import dev.signet.ca.error.CaException;
import dev.signet.cli.CliException;
import dev.signet.pki.PkiException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints the failures a user can act on as one sentence ({@code error: ...}) and turns them into an exit code, as the
 * {@code signet} command does: a {@link CliException} exits with its own code, a config, PKI or CA error with 1.
 * Anything else propagates with its stack trace. Stateless.
 */
final class CommandErrors {
    private CommandErrors() {}

    static int run(CommandSpec spec, Callable<Integer> work) throws Exception {
        try {
            return work.call();
        } catch (CliException e) {
            return print(spec, e.getMessage(), e.exitCode());
        } catch (CaException e) {
            return print(spec, e.detail(), 1);
        } catch (ConfigException | PkiException e) {
            return print(spec, e.getMessage(), 1);
        }
    }

    private static int print(CommandSpec spec, String message, int exitCode) {
        spec.commandLine().getErr().println("error: " + message);
        spec.commandLine().getErr().flush();
        return exitCode;
    }
}
