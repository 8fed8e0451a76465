package io.mybouncer.proxy.cli;

import io.mybouncer.proxy.config.ConfigOverrides;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options that name a configuration, shared by {@code run} and {@code check-config} as a picocli
 * {@code @Mixin}: {@code --config FILE} and the flags that override it. Values are passed on as written;
 * {@link io.mybouncer.proxy.config.ConfigLoader} validates them together with the file.
 */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file. Flags override it.")
    private Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Accept clients on this TCP address (default: 127.0.0.1:6033). Replaces the file's TCP "
                    + "listeners.")
    private String listen;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Accept clients on this Unix socket (mode 0660). Replaces the file's Unix socket listeners.")
    private String socket;

    @Option(names = "--backend", paramLabel = "HOST:PORT",
            description = "The MySQL or MariaDB server (port 3306 when left out).")
    private String backend;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD",
            description = "A client user, logging in to the backend with the same name and password. Repeatable. "
                    + "Write the password as '$${ENV}' to keep it out of the process list.")
    private List<String> users = new ArrayList<>();

    @Option(names = "--pool-mode", paramLabel = "MODE", description = "session, transaction or statement.")
    private String poolMode;

    @Option(names = "--pool-size", paramLabel = "N", description = "Most backend connections per pool.")
    private Integer poolSize;

    @Option(names = "--max-client-conn", paramLabel = "N", description = "Most client connections in all.")
    private Integer maxClientConnections;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "HTTP endpoint for metrics and health.")
    private String http;

    @Option(names = "--auth", paramLabel = "MODE",
            description = "configured (users from the file or --user) or passthrough (no passwords stored).")
    private String auth;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event loops serving clients and backends. Default: half the cores, at least 1.")
    private Integer threads;

    @Option(names = "--fork-safety", paramLabel = "POLICY",
            description = "reject (default), log or off: what to do about a client connection used by several"
                    + " processes (a pool opened before fork()).")
    private String forkSafety;

    @Option(names = "--admin-user", paramLabel = "NAME",
            description = "A user who may use the admin console (log in to the database mybouncer). Repeatable;"
                    + " replaces the file's admin_users.")
    private List<String> adminUsers = new ArrayList<>();

    Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    ConfigOverrides overrides() {
        return new ConfigOverrides(Optional.ofNullable(listen), Optional.ofNullable(socket),
                Optional.ofNullable(backend), users, Optional.ofNullable(poolMode), Optional.ofNullable(poolSize),
                Optional.ofNullable(maxClientConnections), Optional.ofNullable(http), Optional.ofNullable(auth),
                Optional.ofNullable(threads), Optional.ofNullable(forkSafety), adminUsers);
    }
}
