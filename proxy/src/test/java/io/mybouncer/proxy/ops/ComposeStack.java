package io.mybouncer.proxy.ops;

import static io.mybouncer.proxy.ops.OpsFiles.OPS;
import static io.mybouncer.proxy.ops.OpsFiles.list;
import static io.mybouncer.proxy.ops.OpsFiles.map;

import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ProxyConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ops/docker-compose.yml} as compose reads it: services, what they mount from the repository,
 * their environment files, and the mybouncer configuration the stack runs with.
 */
final class ComposeStack {
    static final Path FILE = OPS.resolve("docker-compose.yml");
    /** Where the mybouncer image reads its configuration (the Dockerfile's CMD). */
    static final String CONFIG_IN_CONTAINER = "/etc/mybouncer/mybouncer.yaml";

    private final Map<String, Object> compose;

    private ComposeStack(Map<String, Object> compose) {
        this.compose = compose;
    }

    static ComposeStack load() throws IOException {
        return new ComposeStack(OpsFiles.yaml(FILE));
    }

    /** A path in the compose file: relative to the file's folder, as compose resolves it. */
    static Path resolve(String path) {
        return OPS.resolve(path).normalize();
    }

    Map<String, Object> top() {
        return compose;
    }

    Map<String, Object> services() {
        return map(compose, "services");
    }

    Map<String, Object> service(String name) {
        return map(services(), name);
    }

    /** The host path bind-mounted at {@code target} in a service, from the short syntax SRC:DST[:MODE]. */
    Path bindMountSource(String serviceName, String target) {
        for (Object volume : list(service(serviceName), "volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return resolve(parts[0]);
            }
        }
        throw new AssertionError("service " + serviceName + " mounts nothing at " + target);
    }

    /** The variables of a service's env_file (one file, or a list of them). */
    Map<String, String> environment(String serviceName) throws IOException {
        Object envFile = service(serviceName).get("env_file");
        List<?> files = envFile instanceof List<?> several ? several : List.of(envFile);
        Map<String, String> variables = new LinkedHashMap<>();
        for (Object file : files) {
            variables.putAll(OpsFiles.envFile(resolve(String.valueOf(file))));
        }
        return variables;
    }

    /** The configuration file the mybouncer service runs with. */
    Path mybouncerConfigFile() {
        return bindMountSource("mybouncer", CONFIG_IN_CONTAINER);
    }

    /** That configuration, loaded by the proxy's own loader with the service's environment. */
    ProxyConfig mybouncerConfig() throws IOException, ConfigException {
        return OpsFiles.proxyConfig(mybouncerConfigFile(), environment("mybouncer"));
    }

    /** The container ports a service publishes ("127.0.0.1:6033:6033" publishes 6033). */
    Set<Integer> publishedContainerPorts(String serviceName) {
        return list(service(serviceName), "ports").stream()
                .map(String::valueOf)
                .map(port -> Integer.parseInt(port.substring(port.lastIndexOf(':') + 1)))
                .collect(Collectors.toSet());
    }
}
