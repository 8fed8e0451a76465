package io.mybouncer.proxy.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Settings given as command-line flags, which win over the file. Values are kept as written so that
 * {@link ConfigLoader} validates them with the file and reports every problem in one go; picocli has
 * already checked that the numbers are numbers.
 *
 * @param listen               {@code --listen HOST:PORT}: replaces the file's TCP listeners
 * @param socket               {@code --socket PATH}: replaces the file's Unix socket listeners
 * @param backend              {@code --backend HOST:PORT}: the backend's address (its TLS settings stay)
 * @param users                {@code --user NAME:PASSWORD}, repeatable: each replaces the file's user of
 *                             that name; the password may be a {@code ${ENV}} reference
 * @param poolMode             {@code --pool-mode session|transaction|statement}
 * @param poolSize             {@code --pool-size N}
 * @param maxClientConnections {@code --max-client-conn N}
 * @param http                 {@code --http HOST:PORT}
 * @param auth                 {@code --auth configured|passthrough}
 * @param threads              {@code --threads N}
 * @param forkSafety           {@code --fork-safety reject|log|off}
 * @param adminUsers           {@code --admin-user NAME}, repeatable: together they replace the file's
 *                             {@code admin_users}
 */
public record ConfigOverrides(
        Optional<String> listen,
        Optional<String> socket,
        Optional<String> backend,
        List<String> users,
        Optional<String> poolMode,
        Optional<Integer> poolSize,
        Optional<Integer> maxClientConnections,
        Optional<String> http,
        Optional<String> auth,
        Optional<Integer> threads,
        Optional<String> forkSafety,
        List<String> adminUsers) {

    public ConfigOverrides {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(backend, "backend");
        users = List.copyOf(users);
        Objects.requireNonNull(poolMode, "poolMode");
        Objects.requireNonNull(poolSize, "poolSize");
        Objects.requireNonNull(maxClientConnections, "maxClientConnections");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(forkSafety, "forkSafety");
        adminUsers = List.copyOf(adminUsers);
    }

    /** Flags without {@code --admin-user}, for callers that configure no admin console. */
    public ConfigOverrides(Optional<String> listen, Optional<String> socket, Optional<String> backend,
            List<String> users, Optional<String> poolMode, Optional<Integer> poolSize,
            Optional<Integer> maxClientConnections, Optional<String> http, Optional<String> auth,
            Optional<Integer> threads, Optional<String> forkSafety) {
        this(listen, socket, backend, users, poolMode, poolSize, maxClientConnections, http, auth, threads,
                forkSafety, List.of());
    }

    /** No flags: the file and the defaults decide. */
    public static ConfigOverrides none() {
        return new ConfigOverrides(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Users are shown by name only: {@code --user} carries passwords. */
    @Override
    public String toString() {
        return "ConfigOverrides[listen=" + listen + ", socket=" + socket + ", backend=" + backend + ", users="
                + users.stream().map(ConfigOverrides::redacted).collect(Collectors.joining(", ", "[", "]"))
                + ", poolMode=" + poolMode + ", poolSize=" + poolSize + ", maxClientConnections="
                + maxClientConnections + ", http=" + http + ", auth=" + auth + ", threads=" + threads
                + ", forkSafety=" + forkSafety + ", adminUsers=" + adminUsers + "]";
    }

    private static String redacted(String user) {
        int colon = user.indexOf(':');
        return colon < 0 ? "***" : user.substring(0, colon) + ":***";
    }
}
