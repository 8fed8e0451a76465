package io.mybouncer.proxy.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ConfigLoader;
import io.mybouncer.proxy.config.ConfigOverrides;
import io.mybouncer.proxy.config.ProxyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The files under {@code ops/} and at the repository root, read the way the tools that use them
 * would: YAML (multi-document where Kubernetes allows it), JSON, {@code KEY=VALUE} environment files,
 * and mybouncer configurations through the proxy's own {@link ConfigLoader}.
 */
final class OpsFiles {
    /** Surefire and failsafe run in the module directory; the repository root is its parent. */
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path OPS = REPO.resolve("ops");

    private OpsFiles() {
    }

    /** A YAML file's one document, as maps, lists and scalars. */
    static Map<String, Object> yaml(Path file) throws IOException {
        List<Map<String, Object>> documents = yamlDocuments(file);
        assertThat(documents).as("documents in %s", file).hasSize(1);
        return documents.get(0);
    }

    /** Every document of a YAML file (Kubernetes manifests hold several), empty ones left out. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
        assertThat(file).isRegularFile();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(options)).loadAll(Files.readString(file))) {
            if (document != null) {
                assertThat(document).as("a document of %s", file).isInstanceOf(Map.class);
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static JsonNode json(Path file) throws IOException {
        assertThat(file).isRegularFile();
        return new ObjectMapper().readTree(file.toFile());
    }

    /** An environment file as docker compose reads it: {@code KEY=VALUE} lines, {@code #} comments. */
    static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            assertThat(equals).as("%s: %s (expected: KEY=VALUE)", file, line).isPositive();
            variables.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
        }
        return variables;
    }

    /** A mybouncer configuration, loaded and validated as {@code mybouncer run --config FILE} would. */
    static ProxyConfig proxyConfig(Path file, Map<String, String> environment) throws ConfigException {
        return new ConfigLoader(environment).load(Optional.of(file), ConfigOverrides.none());
    }

    /** A mapping inside a parsed document, by key path; fails naming the path when it is not one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object current = walk(node, path);
        assertThat(current).as(String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) current;
    }

    /** A list inside a parsed document, by key path. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        Object current = walk(node, path);
        assertThat(current).as(String.join(".", path)).isInstanceOf(List.class);
        return (List<Object>) current;
    }

    /** A scalar inside a parsed document, by key path, as text. */
    static String text(Object node, String... path) {
        Object current = walk(node, path);
        assertThat(current).as(String.join(".", path)).isNotNull().isNotInstanceOf(Map.class)
                .isNotInstanceOf(List.class);
        return String.valueOf(current);
    }

    private static Object walk(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            assertThat(current).as("parent of %s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }

    /** The value after {@code option} in a command line given as a list ({@code ["--db", "x:1"]}). */
    static String option(List<?> command, String option) {
        int index = command.indexOf(option);
        assertThat(index).as("%s in %s", option, command).isNotNegative().isLessThan(command.size() - 1);
        return String.valueOf(command.get(index + 1));
    }
}
