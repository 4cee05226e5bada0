package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.cli.Passwords;
import dev.signet.cli.token.TokenMinter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --token}, or {@code --provisioner} with {@code --password-file} to mint one: how a command authorises itself. */
public final class TokenOptions {
    @Option(names = "--token", description = "A one-time token from signet ca token (visible in the process list; prefer --token-file).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the one-time token (- for standard input).")
    Path tokenFile;

    @Option(names = "--provisioner", description = "Mint the one-time token with this JWK provisioner (with --password-file).")
    String provisioner;

    @Option(names = "--password-file", paramLabel = "FILE", description = "The JWK provisioner key's password.")
    Path passwordFile;

    /** Whether either way was chosen. */
    boolean given() {
        return token != null || tokenFile != null || provisioner != null;
    }

    /** The token given, or one minted for {@code endpoint} ({@code sign} or {@code revoke}). */
    String token(CaClientOptions ca, String endpoint, String subject, List<String> sans) {
        if (tokenFile != null) {
            if (token != null || provisioner != null) throw new CliException("Give one of --token, --token-file and --provisioner.");
            try {
                String t = tokenFile.toString().equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                        : java.nio.file.Files.readString(tokenFile);
                return t.trim();
            } catch (java.io.IOException e) {
                throw new CliException("Could not read the token from " + tokenFile + ": " + e.getMessage() + ".");
            }
        }
        if (token != null) {
            if (provisioner != null) throw new CliException("Give --token or --provisioner, not both.");
            return token;
        }
        if (provisioner == null) throw new CliException("Give --token, or --provisioner with --password-file.");
        if (passwordFile == null) throw new CliException("--provisioner needs --password-file.");
        return new TokenMinter(ca.client(), ca.url(), Clock.systemUTC()).mint(provisioner, Passwords.fromFile(passwordFile), endpoint, subject, sans);
    }
}
