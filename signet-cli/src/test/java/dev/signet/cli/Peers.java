package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs external peers (openssl, curl). A missing peer skips the test on a developer machine but fails it in CI
 * ({@code CI=true}), so that a CI run never passes without having talked to the real peer.
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

    public static void requireTool(String tool) {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) present = true;
        }
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("the test peer %s is installed (CI requires it)", tool).isTrue();
        }
        Assumptions.assumeTrue(present, tool + " is not installed");
    }
}
