package io.mybouncer.proxy.ops;

import static io.mybouncer.proxy.ops.OpsFiles.OPS;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes sidecar example, {@code ops/kubernetes/mybouncer-sidecar.yaml}: its documents parse,
 * the configuration in the ConfigMap loads, and the Deployment agrees with it (probes, socket,
 * secrets), with the hardening the README promises.
 */
class KubernetesExampleTest {
    private static final Path MANIFEST = OPS.resolve("kubernetes/mybouncer-sidecar.yaml");

    private static Map<String, Map<String, Object>> byKind;
    private static Map<String, Object> pod;
    private static Map<?, ?> mybouncer;
    private static Map<?, ?> app;

    @BeforeAll
    static void parse() throws Exception {
        byKind = new HashMap<>();
        for (Map<String, Object> document : OpsFiles.yamlDocuments(MANIFEST)) {
            assertThat(byKind.put(text(document, "kind"), document)).as("one %s", text(document, "kind")).isNull();
        }
        pod = map(byKind.get("Deployment"), "spec", "template", "spec");
        mybouncer = named(list(pod, "initContainers"), "mybouncer");
        app = named(list(pod, "containers"), "app");
    }

    private static Map<?, ?> named(List<Object> containers, String name) {
        return containers.stream().map(Map.class::cast).filter(container -> name.equals(container.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + name + " in " + containers));
    }

    /** The ConfigMap's configuration, loaded with the variables the mybouncer container's env sets. */
    private static ProxyConfig config(Path folder) throws Exception {
        Map<String, String> environment = new HashMap<>();
        list(mybouncer, "env").forEach(variable -> environment.put(text(variable, "name"), "from-the-pod"));
        Path file = folder.resolve("mybouncer.yaml");
        Files.writeString(file, text(map(byKind.get("ConfigMap"), "data"), "mybouncer.yaml"));
        return OpsFiles.proxyConfig(file, environment);
    }

    private static String mountPath(Map<?, ?> container, String volume) {
        return list(container, "volumeMounts").stream().map(Map.class::cast)
                .filter(mount -> volume.equals(mount.get("name"))).map(mount -> text(mount, "mountPath"))
                .findFirst().orElseThrow(() -> new AssertionError(container.get("name") + " does not mount " + volume));
    }

    private static Map<?, ?> volume(String name) {
        return list(pod, "volumes").stream().map(Map.class::cast).filter(volume -> name.equals(volume.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    @Test
    void holdsASecretAConfigMapAndADeployment() {
        assertThat(byKind.keySet()).containsExactlyInAnyOrder("Secret", "ConfigMap", "Deployment");
        assertThat(text(byKind.get("Deployment"), "apiVersion")).isEqualTo("apps/v1");
    }

    @Test
    void probesAskTheHttpEndpointTheConfigMapConfigures(@TempDir Path folder) throws Exception {
        HostPort http = config(folder).http().orElseThrow(() -> new AssertionError("the ConfigMap serves no HTTP"));

        assertThat(http.host()).as("the kubelet probes the pod's IP, not its loopback").isEqualTo("0.0.0.0");
        assertThat(text(mybouncer, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
        assertThat(text(mybouncer, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertThat(text(mybouncer, probe, "httpGet", "port")).as(probe).isEqualTo(String.valueOf(http.port()));
        }
        assertThat(list(mybouncer, "ports")).extracting(port -> text(port, "containerPort"))
                .contains(String.valueOf(http.port()));
        assertThat(text(byKind.get("Deployment"), "spec", "template", "metadata", "annotations", "prometheus.io/port"))
                .isEqualTo(String.valueOf(http.port()));
    }

    @Test
    void appReachesMybouncersSocketThroughASharedEmptyDir(@TempDir Path folder) throws Exception {
        Path socket = config(folder).listeners().stream().filter(ListenerConfig.UnixSocket.class::isInstance)
                .map(listener -> ((ListenerConfig.UnixSocket) listener).path()).findFirst()
                .orElseThrow(() -> new AssertionError("the ConfigMap has no Unix socket listener"));
        String shared = "mybouncer-socket";

        assertThat(map(volume(shared), "emptyDir")).isNotNull();
        assertThat(Path.of(mountPath(mybouncer, shared))).isEqualTo(socket.getParent());
        assertThat(Path.of(mountPath(app, shared))).isEqualTo(socket.getParent());
        assertThat(option(list(app, "args"), "--db")).isEqualTo("unix:" + socket);
        assertThat(text(mybouncer, "restartPolicy")).as("a native sidecar, started before the app").isEqualTo("Always");
    }

    @Test
    void configMapIsMountedWhereTheArgumentsLook(@TempDir Path folder) throws Exception {
        config(folder);
        String configFile = option(list(mybouncer, "args"), "--config");
        Path mounted = Path.of(mountPath(mybouncer, "mybouncer-config"));

        assertThat(text(volume("mybouncer-config"), "configMap", "name"))
                .isEqualTo(text(byKind.get("ConfigMap"), "metadata", "name"));
        assertThat(Path.of(configFile).getParent()).isEqualTo(mounted);
        assertThat(map(byKind.get("ConfigMap"), "data")).containsKey(Path.of(configFile).getFileName().toString());
    }

    @Test
    void secretsComeFromTheSecretThroughTheEnvironment() {
        Map<String, Object> secret = byKind.get("Secret");
        for (Map<?, ?> container : List.of(mybouncer, app)) {
            for (Object variable : list(container, "env")) {
                Optional<Object> reference = Optional.ofNullable(((Map<?, ?>) variable).get("valueFrom"))
                        .map(valueFrom -> ((Map<?, ?>) valueFrom).get("secretKeyRef"));
                reference.ifPresent(ref -> {
                    assertThat(text(ref, "name")).isEqualTo(text(secret, "metadata", "name"));
                    assertThat(map(secret, "stringData")).containsKey(text(ref, "key"));
                });
            }
        }
        assertThat(text(list(mybouncer, "env").get(0), "valueFrom", "secretKeyRef", "key"))
                .isEqualTo("app-db-password");
    }

    @Test
    void containersRunHardenedAndBounded() {
        assertThat(text(pod, "securityContext", "runAsNonRoot")).isEqualTo("true");
        assertThat(text(pod, "securityContext", "runAsUser")).as("the image's USER").isEqualTo("10001");
        for (Map<?, ?> container : List.of(mybouncer, app)) {
            String name = text(container, "name");
            assertThat(text(container, "securityContext", "readOnlyRootFilesystem")).as(name).isEqualTo("true");
            assertThat(text(container, "securityContext", "allowPrivilegeEscalation")).as(name).isEqualTo("false");
            assertThat(list(container, "securityContext", "capabilities", "drop")).as(name).containsExactly("ALL");
            assertThat(map(container, "resources", "requests")).as(name).containsKeys("cpu", "memory");
            assertThat(map(container, "resources", "limits")).as(name).containsKey("memory");
            assertThat(list(container, "volumeMounts").stream().map(Map.class::cast)
                    .anyMatch(mount -> "/tmp".equals(mount.get("mountPath"))))
                    .as("%s: a writable /tmp on a read-only root (Netty's native library, TLS files)", name).isTrue();
        }
    }
}
