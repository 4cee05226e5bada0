package dev.signet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.signet.cli.SignetCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deployment files under {@code deploy/} parse, hold what each deployment option needs, and call the CLI only
 * with options it has (the health checks are parsed by the real command line).
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new YAMLMapper();

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) docs.add(n);
            }
        }
        return docs;
    }

    /** Parses {@code args} (without the leading "signet") with the real CLI; fails on an unknown option or command. */
    private static void parsesAsSignet(List<String> args) {
        assertThat(args).isNotEmpty();
        new CommandLine(new SignetCommand()).parseArgs(args.toArray(String[]::new));
    }

    @Test
    void everyYamlFileParses() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (Path f : files) assertThat(documents(f)).as(f.toString()).isNotEmpty();
    }

    @Test
    void composeRunsTheCaWithAVolumeAndAHealthCheck() throws Exception {
        JsonNode compose = documents(DEPLOY.resolve("docker/compose.yml")).get(0);
        JsonNode signet = compose.path("services").path("signet");
        assertThat(signet.path("ports").toString()).contains("9000");
        assertThat(signet.path("volumes").isArray()).isTrue();
        assertThat(signet.path("environment").toString()).contains("SIGNET_INIT_NAME");
        List<String> test = new ArrayList<>();
        signet.path("healthcheck").path("test").forEach(n -> test.add(n.asText()));
        assertThat(test.subList(0, 2)).containsExactly("CMD", "signet");
        parsesAsSignet(test.subList(2, test.size()));
        assertThat(test).contains("health");
    }

    @Test
    void kubernetesHasTheFiveObjectsAndProbes() throws Exception {
        List<JsonNode> docs = documents(DEPLOY.resolve("k8s/signet-ca.yaml"));
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("Namespace", "Secret", "PersistentVolumeClaim", "Deployment", "Service");
        JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.has("livenessProbe")).isTrue();
        assertThat(container.has("readinessProbe")).isTrue();
        List<String> exec = new ArrayList<>();
        container.path("readinessProbe").path("exec").path("command").forEach(n -> exec.add(n.asText()));
        assertThat(exec.get(0)).isEqualTo("signet");
        parsesAsSignet(exec.subList(1, exec.size()));
        assertThat(deployment.path("spec").path("template").path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    }

    @Test
    void theDockerfileBuildsWithTheDistCommandAndRunsAsNonRoot() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile).contains("RUN ./mvnw -B -Pdist package -DskipTests")
                .contains("COPY --from=build /src/signet-cli/target/dist/signet /opt/signet")
                .contains("VOLUME /home/signet")
                .containsPattern("(?m)^USER (signet|10001)\\b");
        Matcher health = Pattern.compile("HEALTHCHECK[^\\n]*\\\\\\n\\s*CMD \\[(.*)\\]").matcher(dockerfile);
        assertThat(health.find()).as("a HEALTHCHECK in exec form").isTrue();
        List<String> args = new ArrayList<>();
        for (String part : health.group(1).split(",")) args.add(part.trim().replaceAll("^\"|\"$", ""));
        assertThat(args.get(0)).isEqualTo("signet");
        parsesAsSignet(args.subList(1, args.size()));
    }

    @Test
    void theDistProfileRunsTheDistributionScriptThatStartProcessItStarts() throws Exception {
        // what the Dockerfile copies is what -Pdist builds: make-dist.sh writing target/dist/signet (started in StartProcessIT)
        org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("..", "signet-cli", "pom.xml").toFile());
        javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        String execution = "//*[local-name()='profile'][*[local-name()='id']='dist']//*[local-name()='execution']";
        assertThat(xpath.evaluate(execution + "/*[local-name()='phase']", pom)).isEqualTo("package");
        org.w3c.dom.NodeList args = (org.w3c.dom.NodeList) xpath.evaluate(execution + "//*[local-name()='argument']", pom,
                javax.xml.xpath.XPathConstants.NODESET);
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < args.getLength(); i++) arguments.add(args.item(i).getTextContent());
        assertThat(arguments).containsExactly("${project.basedir}/src/dist/make-dist.sh", "${project.build.directory}/signet.jar",
                "${project.build.directory}/dist/signet", "${java.home}");
        assertThat(Path.of("..", "signet-cli", "src", "dist", "make-dist.sh")).isRegularFile();
    }
}
