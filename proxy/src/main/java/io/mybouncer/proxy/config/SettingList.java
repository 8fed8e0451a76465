package io.mybouncer.proxy.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A configuration as {@link Setting} rows, in file order: what SHOW CONFIG shows and what RELOAD
 * compares. Which settings RELOAD can apply is decided here, in one place: pool sizes and timeouts,
 * users, admins and per-client limits that a login reads. What the proxy built at start needs a
 * restart: listeners, the backend's address and TLS, the authentication mode, the pool mode, the
 * connect timeout and the packet limit (both built into the backend connector), the client TLS
 * identity, the HTTP endpoint, the event loops and the fork-safety policy. Secrets are never shown.
 */
public final class SettingList {
    private SettingList() {
    }

    public static List<Setting> of(ProxyConfig config) {
        List<Setting> rows = new ArrayList<>();
        rows.add(restart("listeners", config.listeners().stream().map(ListenerConfig::toString)
                .collect(Collectors.joining(", "))));
        rows.add(restart("backend", config.backend().address().toString()));
        rows.add(restart("backend.tls", lower(config.backend().tls())));
        rows.add(restart("backend.ca", config.backend().caCertificate().map(Path::toString).orElse("")));
        rows.add(restart("auth", lower(config.auth())));
        for (UserConfig user : config.users()) {
            rows.add(reload("users." + user.name(), describe(user)));
        }
        rows.add(reload("admin_users", String.join(", ", config.admin().users())));
        PoolSettings pools = config.pools();
        rows.add(restart("pools.mode", lower(pools.mode())));
        rows.add(reload("pools.size", String.valueOf(pools.size())));
        rows.add(reload("pools.min_idle", String.valueOf(pools.minIdle())));
        rows.add(reload("pools.max_client_connections", String.valueOf(pools.maxClientConnections())));
        rows.add(reload("pools.acquire_timeout", DurationSyntax.format(pools.acquireTimeout())));
        rows.add(reload("pools.idle_timeout", DurationSyntax.format(pools.idleTimeout())));
        rows.add(reload("pools.max_lifetime", DurationSyntax.format(pools.maxLifetime())));
        rows.add(restart("pools.connect_timeout", DurationSyntax.format(pools.connectTimeout())));
        rows.add(reload("pools.validation_interval", DurationSyntax.format(pools.validationInterval())));
        rows.add(restart("pools.statement_cache_size", String.valueOf(pools.statementCacheSize())));
        rows.add(restart("client_tls", config.clientTls().map(tls -> "certificate " + tls.certificate() + ", key "
                + tls.key()).orElse("self-signed")));
        rows.add(restart("http", config.http().map(HostPort::toString).orElse("off")));
        ClientSettings clients = config.clients();
        rows.add(reload("clients.login_timeout", DurationSyntax.format(clients.loginTimeout())));
        rows.add(restart("clients.max_packet_size", ByteSizeSyntax.format(clients.maxPacketSize())));
        rows.add(reload("clients.local_infile", String.valueOf(clients.localInfile())));
        rows.add(restart("threads", String.valueOf(config.threads())));
        rows.add(restart("fork_safety", lower(config.forkSafety())));
        rows.add(reload("shutdown_timeout", DurationSyntax.format(config.admin().shutdownTimeout())));
        return rows;
    }

    /** How a user logs in and as whom on the backend, every secret as {@code ***}. */
    private static String describe(UserConfig user) {
        String secret = user.secret().form() == Secret.Form.PLAINTEXT ? "password ***" : "password_hash ***";
        String backendUser = user.backendUser().equals(user.name()) ? "" : ", backend_user " + user.backendUser();
        String backendPassword = user.backendSecret().equals(user.secret()) ? "" : ", backend_password ***";
        return secret + backendUser + backendPassword;
    }

    private static Setting reload(String key, String value) {
        return new Setting(key, value, true);
    }

    private static Setting restart(String key, String value) {
        return new Setting(key, value, false);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
