package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a runbook script of {@code scripts/} with sh, the CLI from the shaded jar as {@code $SIGNET}. */
final class RunbookScript {
    /** What the script did: its exit status and its standard output and error together. */
    record Result(int exit, String output) {}

    private RunbookScript() {}

    /**
     * @param dir where to keep the output
     * @param env further environment variables
     */
    static Result run(Path dir, String name, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", Path.of("..", "scripts", name).toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, name, ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("SIGNET", signet());
        pb.environment().putAll(env);
        Process script = pb.start();
        try {
            assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("the script finishes").isTrue();
        } finally {
            script.destroyForcibly();
        }
        return new Result(script.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The command line that runs the CLI from the shaded jar. */
    static String signet() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " --enable-native-access=ALL-UNNAMED -jar " + System.getProperty("signet.jar");
    }
}
