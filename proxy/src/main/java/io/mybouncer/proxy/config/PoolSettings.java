package io.mybouncer.proxy.config;

import java.time.Duration;

/**
 * How a pool of backend connections behaves. One set applies to every pool.
 *
 * @param mode                 when a client gives its backend back
 * @param size                 the most backend connections per pool (active + idle + connecting)
 * @param minIdle              idle connections kept open and warmed up ahead of demand
 * @param maxClientConnections the most client connections the proxy accepts in all
 * @param acquireTimeout       how long a client waits for a backend before it gets an error
 * @param idleTimeout          an idle backend above {@code minIdle} is closed after this long
 * @param maxLifetime          a backend is closed (when idle) once it is this old
 * @param connectTimeout       connecting and logging in to the backend may take this long
 * @param validationInterval   a backend idle for longer than this is checked with COM_PING before use
 */
public record PoolSettings(
        PoolMode mode,
        int size,
        int minIdle,
        int maxClientConnections,
        Duration acquireTimeout,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration connectTimeout,
        Duration validationInterval) {

    public static PoolSettings defaults() {
        return new PoolSettings(PoolMode.SESSION, 20, 0, 1000, Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
