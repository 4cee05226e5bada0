package dev.signet.cli;

import dev.signet.pki.SecureFiles;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads passwords from files (first line, without its line ending) or from the terminal. Stateless. */
public final class Passwords {
    private Passwords() {}

    /** Reads a password file's first line. */
    public static char[] fromFile(Path file) {
        String text = new String(SecureFiles.read(file, "password"), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String line = nl >= 0 ? text.substring(0, nl) : text;
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (line.isEmpty()) throw new CliException("The password file " + file + " is empty.");
        return line.toCharArray();
    }

    /** Prompts on the terminal, or returns null when there is none. */
    public static char[] prompt(String prompt) {
        Console console = System.console();
        if (console == null) return null;
        char[] p = console.readPassword("%s", prompt);
        return p == null || p.length == 0 ? null : p;
    }
}
