package dev.signet.cli.ca;

import dev.signet.ca.home.CaHome;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --home} option shared by CA commands: default {@code $SIGNET_HOME}, else {@code ~/.signet}. */
public final class HomeOption {
    @Option(names = "--home", paramLabel = "DIR", description = "CA home directory (default: $SIGNET_HOME, else ~/.signet).")
    Path home;

    public CaHome resolve() {
        return home != null ? new CaHome(home) : CaHome.fromEnvironment(System.getenv());
    }
}
