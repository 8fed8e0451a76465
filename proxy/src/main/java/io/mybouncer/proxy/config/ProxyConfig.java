package io.mybouncer.proxy.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the proxy needs to start, validated once by {@link ConfigLoader}. A reload builds a new
 * {@code ProxyConfig}; none is ever changed.
 *
 * @param listeners where clients connect; at least one
 * @param backend   the server behind the proxy
 * @param auth      how clients are authenticated
 * @param users     the clients that may log in, by unique name; empty in {@link AuthMode#PASSTHROUGH}
 * @param pools     how pools of backend connections behave. The loader accepts every {@link PoolMode};
 *                  a caller that does not implement a mode yet refuses it
 * @param clientTls the proxy's own certificate; empty means a self-signed one is generated at start
 * @param http      the address of the HTTP endpoint (metrics, health), when enabled
 * @param clients   limits per client connection
 * @param threads   event loops serving clients and backends; see {@link #defaultThreads()}
 * @param forkSafety what to do about a client connection used by several processes
 * @param admin     who may use the admin console, and how long its SHUTDOWN waits
 */
public record ProxyConfig(
        List<ListenerConfig> listeners,
        BackendConfig backend,
        AuthMode auth,
        List<UserConfig> users,
        PoolSettings pools,
        Optional<ClientTlsConfig> clientTls,
        Optional<HostPort> http,
        ClientSettings clients,
        int threads,
        ForkSafetyPolicy forkSafety,
        AdminSettings admin) {
    /** More event loops than this is a typo, not a plan: each is a thread polling its own sockets. */
    public static final int MAX_THREADS = 1024;

    public ProxyConfig {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(auth, "auth");
        users = List.copyOf(users);
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(clientTls, "clientTls");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(forkSafety, "forkSafety");
        Objects.requireNonNull(admin, "admin");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1.." + MAX_THREADS + ")");
        }
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("listeners: empty (expected: at least one)");
        }
        if (users.stream().map(UserConfig::name).distinct().count() != users.size()) {
            throw new IllegalArgumentException("users: a name appears twice (expected: unique names)");
        }
    }

    /**
     * Half the cores, at least one. A sidecar shares its machine with the application and the
     * database, and one event loop wakes once for many ready sockets where two loops each wake for
     * fewer: on 2 cores a relayed point select cost the proxy 32 µs of CPU with one loop and 45 µs
     * with two (bench/, 8 and 64 clients). Larger machines get more loops for throughput.
     */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** The configured user with this client name. */
    public Optional<UserConfig> user(String name) {
        return users.stream().filter(user -> user.name().equals(name)).findFirst();
    }
}
