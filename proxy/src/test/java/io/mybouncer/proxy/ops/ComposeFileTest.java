package io.mybouncer.proxy.ops;

import static io.mybouncer.proxy.ops.OpsFiles.list;
import static io.mybouncer.proxy.ops.OpsFiles.map;
import static io.mybouncer.proxy.ops.OpsFiles.option;
import static io.mybouncer.proxy.ops.OpsFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.config.HostPort;
import io.mybouncer.proxy.config.ListenerConfig;
import io.mybouncer.proxy.config.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ops/docker-compose.yml}, checked without a container engine: it parses, names only files,
 * services and volumes that exist, starts services in an order their health checks can enforce, and
 * agrees with the mybouncer configuration it mounts.
 */
class ComposeFileTest {
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("name", "services", "volumes", "networks", "configs",
            "secrets");

    private static ComposeStack stack;
    private static Map<String, Object> services;

    @BeforeAll
    static void parse() throws Exception {
        stack = ComposeStack.load();
        services = stack.services();
    }

    @Test
    void parsesWithOnlyComposeKeysAtTheTop() {
        assertThat(stack.top().keySet()).allMatch(key -> TOP_LEVEL_KEYS.contains(key) || key.startsWith("x-"));
        assertThat(services).containsKeys("mysql", "mybouncer", "prefork", "prometheus", "grafana");
        assertThat(text(stack.service("mysql"), "image")).isEqualTo("mysql:8.4");
    }

    @Test
    void everyBuildContextAndDockerfileExists() {
        List<String> built = new ArrayList<>();
        services.forEach((name, definition) -> {
            Object build = ((Map<?, ?>) definition).get("build");
            if (build != null) {
                Path context = ComposeStack.resolve(text(build, "context"));
                assertThat(context).as("build context of %s", name).isDirectory();
                assertThat(context.resolve(text(build, "dockerfile"))).as("Dockerfile of %s", name).isRegularFile();
                built.add(name);
            }
        });
        assertThat(built).contains("mybouncer", "prefork");
    }

    @Test
    void everyBindMountAndEnvFileExistsAndNamedVolumesAreDeclared() {
        Set<String> declaredVolumes = stack.top().containsKey("volumes") ? map(stack.top(), "volumes").keySet()
                : Set.of();
        services.forEach((name, definition) -> {
            Map<?, ?> service = (Map<?, ?>) definition;
            for (Object volume : service.containsKey("volumes") ? list(service, "volumes") : List.of()) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(ComposeStack.resolve(source)).as("bind mount %s of %s", source, name).exists();
                } else {
                    assertThat(declaredVolumes).as("named volume %s of %s", source, name).contains(source);
                }
            }
            Object envFile = service.get("env_file");
            if (envFile != null) {
                assertThat(ComposeStack.resolve(String.valueOf(envFile))).as("env_file of %s", name).isRegularFile();
            }
        });
    }

    @Test
    void dependenciesExistAndHealthyConditionsHaveAHealthCheck() {
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Map<String, Object> service = map(services, entry.getKey());
            if (entry.getKey().equals("mysql")) {
                assertThat(service).as("the first to start").doesNotContainKey("depends_on");
                continue;
            }
            for (Map.Entry<String, Object> dependency : map(service, "depends_on").entrySet()) {
                assertThat(services).as("%s depends on %s", entry.getKey(), dependency.getKey())
                        .containsKey(dependency.getKey());
                String condition = text(dependency.getValue(), "condition");
                assertThat(condition).isIn("service_started", "service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(hasHealthCheck(dependency.getKey()))
                            .as("%s waits for %s to be healthy", entry.getKey(), dependency.getKey()).isTrue();
                }
            }
        }
    }

    /** Its own health check in the compose file, or the HEALTHCHECK of the Dockerfile it is built from. */
    private static boolean hasHealthCheck(String serviceName) {
        Map<String, Object> service = stack.service(serviceName);
        if (service.containsKey("healthcheck")) {
            return !Boolean.TRUE.equals(map(service, "healthcheck").get("disable"));
        }
        return service.containsKey("build") && DockerfileTest.instructions().stream()
                .anyMatch(instruction -> instruction.startsWith("HEALTHCHECK "));
    }

    @Test
    void mybouncerConfigurationLoadsAndIsPublishedWhereItListens() throws Exception {
        ProxyConfig config = stack.mybouncerConfig();

        HostPort http = config.http().orElseThrow(() -> new AssertionError("the compose config serves no HTTP"));
        assertThat(http).as("reachable from Prometheus and the host").isEqualTo(new HostPort("0.0.0.0", 9033));
        assertThat(config.listeners()).containsExactly(new ListenerConfig.Tcp(new HostPort("0.0.0.0", 6033)));
        assertThat(stack.publishedContainerPorts("mybouncer")).containsExactlyInAnyOrder(6033, http.port());
        assertThat(services).as("the backend is a compose service").containsKey(config.backend().address().host());
        assertThat(config.backend().address().port()).isEqualTo(3306);
    }

    @Test
    void preforkDemoUsesMybouncerPerWorkerWithAPasswordItsEnvironmentHas() throws Exception {
        List<Object> command = list(stack.service("prefork"), "command");
        ProxyConfig config = stack.mybouncerConfig();
        int listenPort = ((ListenerConfig.Tcp) config.listeners().get(0)).address().port();

        assertThat(command.get(0)).isEqualTo("serve");
        assertThat(option(command, "--db-mode")).isEqualTo("per-worker");
        assertThat(option(command, "--db")).isEqualTo("mybouncer:" + listenPort);
        assertThat(config.user(option(command, "--user"))).as("a user mybouncer knows").isPresent();
        assertThat(stack.environment("prefork")).containsKey(option(command, "--password-env"));
        assertThat(list(stack.service("prefork"), "entrypoint")).contains("/opt/mybouncer/prefork-server.jar");
    }

    @Test
    void mysqlInitCreatesTheAppUserWithThePasswordTheStackUses() throws Exception {
        Path init = stack.bindMountSource("mysql", "/docker-entrypoint-initdb.d");
        Path sql = init.resolve("01-app.sql");
        String script = Files.readString(sql);
        Matcher user = Pattern.compile("CREATE USER IF NOT EXISTS '(\\w+)'@'%' IDENTIFIED BY '([^']*)'")
                .matcher(script);

        assertThat(user.find()).as("CREATE USER in %s", sql).isTrue();
        assertThat(stack.mybouncerConfig().user(user.group(1))).isPresent();
        assertThat(stack.environment("mybouncer")).containsEntry("APP_DB_PASSWORD", user.group(2));
        assertThat(script).contains("CREATE TABLE IF NOT EXISTS app.t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
    }
}
