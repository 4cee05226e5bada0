package dev.signet.cli.ca;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.home.CaInitializer;
import dev.signet.ca.home.InitOptions;
import dev.signet.cli.CliException;
import dev.signet.cli.Logging;
import dev.signet.cli.Passwords;
import dev.signet.pki.GoDuration;
import dev.signet.pki.KeyType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca start}: serves the CA until SIGTERM/SIGINT, then stops gracefully. When the home holds no CA and
 * {@code SIGNET_INIT_NAME} is set, it first initialises one from the {@code SIGNET_INIT_*} variables (the seed's
 * {@code DOCKER_STEPCA_INIT_*}, renamed).
 *
 * <p>The key password comes from {@code --password-file}, else {@code secrets/password}, else
 * {@code SIGNET_INIT_PASSWORD_FILE}/{@code SIGNET_INIT_PASSWORD}, else a terminal prompt.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Run the certificate authority.")
public final class StartCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HomeOption homeOption;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the CA key password.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        CaHome home = homeOption.resolve();
        PrintWriter out = spec.commandLine().getOut();
        if (!home.isInitialized()) {
            if (blank(env.get("SIGNET_INIT_NAME"))) {
                throw new CliException("No CA in " + home.dir() + "; run `signet ca init` first, or set SIGNET_INIT_NAME to initialise one on first start.");
            }
            initFromEnvironment(home, env, out);
        }
        CaConfig config = CaConfigFile.load(home.config());
        Logging.configureServer(config.logger().format());
        char[] password = password(home, env);
        CaServer server = CaServer.start(home, config, password, Clock.systemUTC());
        Arrays.fill(password, '\0');
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "signet-shutdown"));
        stopped.await();
        return 0;
    }

    private void initFromEnvironment(CaHome home, Map<String, String> env, PrintWriter out) {
        char[] password = null;
        boolean store = false;
        if (!blank(env.get("SIGNET_INIT_PASSWORD_FILE"))) {
            password = Passwords.fromFile(Path.of(env.get("SIGNET_INIT_PASSWORD_FILE")));
        } else if (!blank(env.get("SIGNET_INIT_PASSWORD"))) {
            password = env.get("SIGNET_INIT_PASSWORD").toCharArray();
            store = true;
        }
        String dns = env.getOrDefault("SIGNET_INIT_DNS_NAMES", "");
        List<String> names = blank(dns) ? List.of("localhost", "127.0.0.1")
                : Arrays.stream(dns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String provisioner = blank(env.get("SIGNET_INIT_PROVISIONER_NAME")) ? "acme" : env.get("SIGNET_INIT_PROVISIONER_NAME").trim();
        Duration validity = null;
        if (!blank(env.get("SIGNET_INIT_DEFAULT_CERT_VALIDITY"))) {
            try {
                validity = GoDuration.parse(env.get("SIGNET_INIT_DEFAULT_CERT_VALIDITY"));
            } catch (IllegalArgumentException e) {
                throw new CliException("SIGNET_INIT_DEFAULT_CERT_VALIDITY: " + e.getMessage());
            }
        }
        String address = blank(env.get("SIGNET_INIT_ADDRESS")) ? ":9000" : env.get("SIGNET_INIT_ADDRESS").trim();
        CaInitializer.Result r = new CaInitializer(Clock.systemUTC()).initialize(new InitOptions(home,
                env.get("SIGNET_INIT_NAME").trim(), names, address, provisioner, password, store, KeyType.EC_P256,
                InitOptions.TEN_YEARS, InitOptions.TEN_YEARS, null, null, validity, false));
        out.println("No CA was found in " + home.dir() + "; initialised one from SIGNET_INIT_* variables.");
        InitCommand.print(out, r, provisioner);
    }

    private char[] password(CaHome home, Map<String, String> env) {
        return password(home, passwordFile, env);
    }

    /**
     * The CA key password, from the first of: {@code passwordFile}, the home's {@code secrets/password},
     * {@code SIGNET_INIT_PASSWORD_FILE}, {@code SIGNET_INIT_PASSWORD}, a terminal prompt.
     */
    public static char[] password(CaHome home, Path passwordFile, Map<String, String> env) {
        if (passwordFile != null) return Passwords.fromFile(passwordFile);
        if (Files.exists(home.passwordFile())) return Passwords.fromFile(home.passwordFile());
        if (!blank(env.get("SIGNET_INIT_PASSWORD_FILE"))) return Passwords.fromFile(Path.of(env.get("SIGNET_INIT_PASSWORD_FILE")));
        if (!blank(env.get("SIGNET_INIT_PASSWORD"))) return env.get("SIGNET_INIT_PASSWORD").toCharArray();
        char[] typed = Passwords.prompt("Password for the CA keys: ");
        if (typed == null) {
            throw new CliException("The CA key password is needed: give --password-file, or keep it in " + home.passwordFile() + ".");
        }
        return typed;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
