package dev.signet.cli;

/** A command failed for a reason the user can act on; the message is one sentence, printed without a stack trace. */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message) {
        this(message, 1);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Runs a parse of a flag's value, turning its {@link IllegalArgumentException} into a sentence naming the flag. */
    public static <T> T forFlag(String flag, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(flag + ": " + e.getMessage());
        }
    }
}
