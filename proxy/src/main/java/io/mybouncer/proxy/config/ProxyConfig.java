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
 */
public record ProxyConfig(
        List<ListenerConfig> listeners,
        BackendConfig backend,
        AuthMode auth,
        List<UserConfig> users,
        PoolSettings pools,
        Optional<ClientTlsConfig> clientTls,
        Optional<HostPort> http,
        ClientSettings clients) {

    public ProxyConfig {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(auth, "auth");
        users = List.copyOf(users);
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(clientTls, "clientTls");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clients, "clients");
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("listeners: empty (expected: at least one)");
        }
        if (users.stream().map(UserConfig::name).distinct().count() != users.size()) {
            throw new IllegalArgumentException("users: a name appears twice (expected: unique names)");
        }
    }

    /** The configured user with this client name. */
    public Optional<UserConfig> user(String name) {
        return users.stream().filter(user -> user.name().equals(name)).findFirst();
    }
}
