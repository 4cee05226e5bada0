package dev.signet.cli.ca;

import dev.signet.cli.Passwords;
import dev.signet.cli.token.TokenMinter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca token SUBJECT --provisioner NAME --password-file FILE [--san NAME]...}: prints a one-time token
 * for {@code /sign} (or, with {@code --revoke}, for revoking the serial SUBJECT), valid for five minutes and once.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Mint a one-time token with a JWK provisioner's key.")
public final class TokenCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The certificate's subject (or, with --revoke, the serial in decimal).")
    String subject;

    @Option(names = "--provisioner", required = true, description = "The JWK provisioner's name.")
    String provisioner;

    @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "The provisioner key's password.")
    Path passwordFile;

    @Option(names = "--san", description = "A name the certificate may carry (repeatable; default: SUBJECT).")
    List<String> sans = new ArrayList<>();

    @Option(names = "--revoke", description = "Mint a token for revoking the serial SUBJECT instead of signing.")
    boolean revoke;

    @Mixin CaClientOptions ca;

    @Override
    public Integer call() {
        String token = new TokenMinter(ca.client(), ca.url(), Clock.systemUTC())
                .mint(provisioner, Passwords.fromFile(passwordFile), revoke ? "revoke" : "sign", subject, revoke ? List.of() : sans);
        spec.commandLine().getOut().println(token);
        return 0;
    }
}
