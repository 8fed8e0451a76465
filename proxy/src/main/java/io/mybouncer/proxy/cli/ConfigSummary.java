package io.mybouncer.proxy.cli;

import io.mybouncer.proxy.config.ByteSizeSyntax;
import io.mybouncer.proxy.config.ClientSettings;
import io.mybouncer.proxy.config.DurationSyntax;
import io.mybouncer.proxy.config.HostPort;
import io.mybouncer.proxy.config.ListenerConfig;
import io.mybouncer.proxy.config.PoolSettings;
import io.mybouncer.proxy.config.ProxyConfig;
import io.mybouncer.proxy.config.UserConfig;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A few lines that say what a {@link ProxyConfig} will do, for {@code check-config} and the start of
 * {@code run}. Users appear by name only; no secret is ever part of a {@code ProxyConfig}'s text.
 */
final class ConfigSummary {
    private ConfigSummary() {
    }

    static List<String> lines(ProxyConfig config) {
        PoolSettings pools = config.pools();
        ClientSettings clients = config.clients();
        return List.of(
                "  listeners   " + config.listeners().stream().map(ListenerConfig::toString)
                        .collect(Collectors.joining(", ")),
                "  backend     " + config.backend().address() + ", tls " + lower(config.backend().tls())
                        + config.backend().caCertificate().map(ca -> " (ca " + ca + ")").orElse(""),
                "  auth        " + lower(config.auth()) + users(config.users()),
                "  pools       " + lower(pools.mode()) + " mode, size " + pools.size() + ", min idle "
                        + pools.minIdle() + ", max client connections " + pools.maxClientConnections(),
                "              acquire timeout " + DurationSyntax.format(pools.acquireTimeout())
                        + ", idle timeout " + DurationSyntax.format(pools.idleTimeout())
                        + ", max lifetime " + DurationSyntax.format(pools.maxLifetime())
                        + ", connect timeout " + DurationSyntax.format(pools.connectTimeout())
                        + ", validation interval " + DurationSyntax.format(pools.validationInterval()),
                "  client tls  " + config.clientTls().map(tls -> "certificate " + tls.certificate() + ", key "
                        + tls.key()).orElse("self-signed certificate generated at start"),
                "  http        " + config.http().map(HostPort::toString).orElse("off"),
                "  clients     login timeout " + DurationSyntax.format(clients.loginTimeout())
                        + ", max packet size " + ByteSizeSyntax.format(clients.maxPacketSize())
                        + ", local infile " + (clients.localInfile() ? "on" : "off"),
                "  threads     " + config.threads() + " event loop" + (config.threads() == 1 ? "" : "s"),
                "  fork safety " + lower(config.forkSafety()),
                "  admin       " + (config.admin().users().isEmpty() ? "no admin users"
                        : "users " + String.join(", ", config.admin().users()))
                        + ", shutdown timeout " + DurationSyntax.format(config.admin().shutdownTimeout()));
    }

    private static String users(List<UserConfig> users) {
        if (users.isEmpty()) {
            return "";
        }
        return ", users " + users.stream().map(user -> user.name().equals(user.backendUser()) ? user.name()
                : user.name() + " (backend user " + user.backendUser() + ")").collect(Collectors.joining(", "));
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
