package io.mybouncer.proxy.it;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.proxy.config.ConfigOverrides;
import io.mybouncer.proxy.config.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The YAML file of a proxy with an admin console in front of the test backend: the backend account
 * as a user, an admin user {@link #ADMIN} (not a backend account: the console needs none), a TCP
 * listener and an HTTP endpoint on free ports, and whatever a test adds. The admin console's RELOAD
 * reads it again, so a test rewrites it to change the running proxy.
 */
final class ConsoleConfigFile {
    static final String ADMIN = "ops";
    static final String ADMIN_PASSWORD = "ops-console-password";

    private final Path file;
    private final int port;
    /** Listeners, backend, HTTP endpoint, threads. */
    private final String base;
    /** The backend account and the admin, as the start of a users list. */
    private final String users;

    /**
     * @param account the backend account the proxy's user logs in with, the same name and password
     */
    ConsoleConfigFile(Path directory, TestBackend backend, BackendAccount account) throws IOException {
        this.file = directory.resolve("mybouncer.yaml");
        this.port = RunningProxy.freePort();
        this.base = """
                listeners:
                  - tcp: %s:%d
                backend:
                  host: %s
                  port: %d
                http: %s:%d
                threads: 2
                """.formatted(RunningProxy.HOST, port, backend.host(), backend.port(),
                RunningProxy.HOST, RunningProxy.freePort());
        this.users = """
                users:
                  - name: %s
                    password: "%s"
                  - name: %s
                    password: "%s"
                """.formatted(account.user(), account.password(), ADMIN, ADMIN_PASSWORD);
    }

    /**
     * Writes the file: the base, the users (with {@code moreUsers}, YAML list entries, appended) and
     * {@code rest} (pools, admin_users, ...), each a YAML fragment.
     */
    ConsoleConfigFile write(String moreUsers, String rest) throws IOException {
        Files.writeString(file, base + users + moreUsers + rest);
        return this;
    }

    /** Writes the file for {@code auth: passthrough}: the base, no users, and {@code rest}. */
    ConsoleConfigFile writePassthrough(String rest) throws IOException {
        Files.writeString(file, base + "auth: passthrough\n" + rest);
        return this;
    }

    Path path() {
        return file;
    }

    /** The port of the TCP listener. */
    int port() {
        return port;
    }

    ConfigSource source() {
        return ConfigSource.of(Map.of(), Optional.of(file), ConfigOverrides.none());
    }
}
