package io.mybouncer.proxy.admin;

import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ProxyConfig;
import io.mybouncer.proxy.config.ReloadPlan;
import java.util.Optional;

/**
 * What the console asks of the running proxy beyond its pools and sessions, which it reads itself.
 * {@code ProxyServer} implements it.
 */
public interface ProxyControl {
    /** The configuration in force now: the start's, then each RELOAD's. */
    ProxyConfig config();

    /** The backend's version from its greeting, once read. */
    Optional<String> backendVersion();

    /**
     * Reads the configuration from its source again and applies what can change while running.
     *
     * @throws ConfigException when it cannot be used; the running configuration then stays
     */
    ReloadPlan reload() throws ConfigException;

    /** Starts a graceful shutdown and returns at once; the process ends when it is over. */
    void shutdown();
}
