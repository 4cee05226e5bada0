package dev.signet.cli;

import dev.signet.ca.config.ConfigException;
import dev.signet.ca.error.CaException;
import dev.signet.cli.ca.CaCommand;
import dev.signet.cli.certificate.CertificateCommand;
import dev.signet.pki.PkiException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code signet}: the CA server and the certificate tools in one command, named like the step CLI's so that seed 002's
 * runbook reads naturally. Errors the user can act on print one sentence and exit non-zero; {@code --debug} adds the
 * stack trace.
 */
@Command(name = "signet", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Signet private PKI: certificate authority and certificate tools.",
        subcommands = {CaCommand.class, CertificateCommand.class, CommandLine.HelpCommand.class})
public final class SignetCommand {
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    static boolean debug;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (used by tests, in-process). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err);
        return cli.execute(args);
    }

    /** The configured command line. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SignetCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean wantTrace = debug || parseResult.matchedOptionValue("--debug", false);
            if (wantTrace) e.printStackTrace(commandLine.getErr());
            String message = message(e);
            commandLine.getErr().println("error: " + message);
            commandLine.getErr().flush();
            if (e instanceof CliException) return ((CliException) e).exitCode();
            return 1;
        });
        return cli;
    }

    private static String message(Exception e) {
        if (e instanceof CliException || e instanceof PkiException || e instanceof ConfigException
                || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof CaException) return ((CaException) e).detail();
        if (e instanceof java.net.ConnectException) return "Could not connect: " + e.getMessage() + ".";
        return "Unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage() + " (run with --debug for details).";
    }
}
