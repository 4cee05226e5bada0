package dev.signet.ca.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs external peers (openssl, curl, pebble-challtestsrv). A missing peer skips the test on a developer machine but
 * fails it in CI ({@code CI=true}), so that a CI run never passes without having talked to the real peer. The one copy
 * for all modules: other modules use it through the {@code signet-ca} test-jar.
 */
public final class Peers {
    private Peers() {}

    public record Result(int exit, String output) {}

    public static Result run(List<String> command) throws IOException, InterruptedException {
        requireTool(command.get(0));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(p.exitValue(), output);
    }

    /** Requires an executable on the PATH. */
    public static void requireTool(String tool) {
        require(installed(tool), "the test peer " + tool + " is installed");
    }

    /** Whether an executable is on the PATH. */
    public static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) return true;
        }
        return false;
    }

    /** Fails the test in CI and skips it elsewhere when a peer is not {@code present}, described by {@code what}. */
    public static void require(boolean present, String what) {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("%s (CI requires it)", what).isTrue();
        }
        Assumptions.assumeTrue(present, "not so: " + what);
    }
}
