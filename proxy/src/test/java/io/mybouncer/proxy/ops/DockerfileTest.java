package io.mybouncer.proxy.ops;

import static io.mybouncer.proxy.ops.OpsFiles.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.cli.MybouncerCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code Dockerfile} at the repository root and its {@code .dockerignore}, read instruction by
 * instruction: two stages, a non-root runtime, the ports and health check the rest of {@code ops/}
 * relies on.
 */
class DockerfileTest {
    static final Path DOCKERFILE = REPO.resolve("Dockerfile");

    /** The instructions, continuation lines joined and comments left out, as Docker reads them. */
    static List<String> instructions() {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String line : Files.readAllLines(DOCKERFILE)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || trimmed.isEmpty() && current.length() == 0) {
                    continue;
                }
                boolean continues = trimmed.endsWith("\\");
                current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
                if (!continues) {
                    instructions.add(current.toString().strip().replaceAll("\\s+", " "));
                    current.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return instructions;
    }

    private static List<String> starting(String keyword) {
        return instructions().stream().filter(instruction -> instruction.startsWith(keyword + " ")).toList();
    }

    @Test
    void buildsWithMavenAndRunsOnAJre() {
        assertThat(starting("FROM")).containsExactly("FROM maven:3.9-eclipse-temurin-17 AS build",
                "FROM eclipse-temurin:17-jre");
        assertThat(starting("RUN").get(0)).contains("./mvnw -B -q package -DskipTests")
                .contains("proxy/target/mybouncer.jar").contains("prefork-server/target/prefork-server.jar");
        assertThat(starting("COPY")).contains("COPY --from=build /out/ /opt/mybouncer/");
    }

    @Test
    void runsAsTheNonRootUserKubernetesExpects() {
        List<String> users = starting("USER");
        assertThat(users).containsExactly("USER 10001:10001");
        assertThat(instructions().indexOf(users.get(0)))
                .as("USER comes after the last FROM, so it applies to the runtime image")
                .isGreaterThan(instructions().indexOf("FROM eclipse-temurin:17-jre"));
    }

    @Test
    void exposesTheComposeConfigurationsPortsAndRunsTheProxy() throws Exception {
        assertThat(starting("EXPOSE")).containsExactly("EXPOSE 6033 9033");
        assertThat(ComposeStack.load().publishedContainerPorts("mybouncer")).containsExactlyInAnyOrder(6033, 9033);
        assertThat(starting("ENTRYPOINT")).singleElement().asString()
                .contains("-jar /opt/mybouncer/mybouncer.jar run \\\"$@\\\"");
        assertThat(starting("CMD")).containsExactly("CMD [\"--config\", \"/etc/mybouncer/mybouncer.yaml\"]");
    }

    @Test
    void healthCheckAsksReadinessOnTheExposedPort() {
        assertThat(starting("HEALTHCHECK")).singleElement().asString()
                .contains("CMD [").endsWith("\"-jar\", \"/opt/mybouncer/mybouncer.jar\", \"health\"]");
        // Without --url, `health` asks its default URL: the readiness path on the exposed HTTP port.
        assertThat(new CommandLine(new MybouncerCommand()).getSubcommands().get("health").getUsageMessage())
                .contains("http://127.0.0.1:9033/health/ready");
    }

    @Test
    void dockerIgnoreLeavesOutBuildOutputButNotTheSources() throws Exception {
        List<String> ignored = Files.readAllLines(REPO.resolve(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ignored).contains("**/target", ".git");
        assertThat(ignored).doesNotContain("mvnw", ".mvn", "pom.xml", "protocol", "proxy", "prefork-server", "*");
    }
}
