package io.mybouncer.proxy.config;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes YAML into a test's temporary directory and loads it, for the config tests. */
final class ConfigFiles {
    /** A backend and a user, so that a test adds only what it is about. */
    static final String MINIMAL = """
            backend:
              host: db.internal
            users:
              - name: app
                password: app-password
            """;

    private static final List<String> FLAGS = List.of("--listen", "--socket", "--backend", "--pool-mode",
            "--pool-size", "--max-client-conn", "--http", "--auth", "--threads", "--fork-safety");

    private final Path directory;
    private final Map<String, String> environment;

    ConfigFiles(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = environment;
    }

    Path write(String name, String yaml) {
        try {
            return Files.writeString(directory.resolve(name), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProxyConfig load(String yaml) throws ConfigException {
        return load(yaml, ConfigOverrides.none());
    }

    ProxyConfig load(String yaml, ConfigOverrides overrides) throws ConfigException {
        return new ConfigLoader(environment).load(Optional.of(write("mybouncer.yaml", yaml)), overrides);
    }

    /** The problems that loading {@code yaml} reports, as {@code FILE: KEY: MESSAGE} lines; fails if it loads. */
    List<String> problems(String yaml) {
        return problems(yaml, ConfigOverrides.none());
    }

    List<String> problems(String yaml, ConfigOverrides overrides) {
        return assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> load(yaml, overrides))
                .actual().problems().stream().map(ConfigProblem::toString).toList();
    }

    /** Overrides as flag and value pairs: {@code flags("--pool-size", "5", "--user", "a:b")}; repeat --user and --admin-user. */
    static ConfigOverrides flags(String... pairs) {
        Map<String, String> single = new HashMap<>();
        List<String> users = new ArrayList<>();
        List<String> adminUsers = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals("--user")) {
                users.add(pairs[i + 1]);
            } else if (pairs[i].equals("--admin-user")) {
                adminUsers.add(pairs[i + 1]);
            } else if (single.put(pairs[i], pairs[i + 1]) != null || !FLAGS.contains(pairs[i])) {
                throw new IllegalArgumentException("flag: " + pairs[i] + " (expected: one of " + FLAGS + ", once)");
            }
        }
        return new ConfigOverrides(Optional.ofNullable(single.get("--listen")), Optional.ofNullable(single.get("--socket")),
                Optional.ofNullable(single.get("--backend")), users, Optional.ofNullable(single.get("--pool-mode")),
                Optional.ofNullable(single.get("--pool-size")).map(Integer::valueOf),
                Optional.ofNullable(single.get("--max-client-conn")).map(Integer::valueOf),
                Optional.ofNullable(single.get("--http")), Optional.ofNullable(single.get("--auth")),
                Optional.ofNullable(single.get("--threads")).map(Integer::valueOf),
                Optional.ofNullable(single.get("--fork-safety")), adminUsers);
    }

    /** The file name that problems start with. */
    String source() {
        return directory.resolve("mybouncer.yaml").toString();
    }
}
