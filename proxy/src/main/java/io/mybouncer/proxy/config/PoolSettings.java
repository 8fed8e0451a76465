package io.mybouncer.proxy.config;

import java.time.Duration;
import java.util.Objects;

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
 * @param validationInterval   a backend idle for longer than this is checked with COM_PING before use;
 *                             zero checks before every use
 * @param statementCacheSize   prepared statements each backend keeps for all its clients in transaction and
 *                             statement modes (least recently used closed first), so the server's
 *                             max_prepared_stmt_count is never reached through the proxy
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
        Duration validationInterval,
        int statementCacheSize) {
    /** The default of {@link #statementCacheSize}. */
    public static final int DEFAULT_STATEMENT_CACHE_SIZE = 256;
    /** MariaDB's and MySQL's default max_prepared_stmt_count, for the whole server: more per connection is never right. */
    public static final int MAX_STATEMENT_CACHE_SIZE = 16_382;

    public PoolSettings {
        Objects.requireNonNull(mode, "mode");
        if (size < 1 || minIdle < 0 || minIdle > size || maxClientConnections < 1) {
            throw new IllegalArgumentException("size " + size + ", minIdle " + minIdle + ", maxClientConnections "
                    + maxClientConnections + " (expected: size >= 1, 0 <= minIdle <= size, maxClientConnections >= 1)");
        }
        requirePositive("acquireTimeout", acquireTimeout);
        requirePositive("idleTimeout", idleTimeout);
        requirePositive("maxLifetime", maxLifetime);
        requirePositive("connectTimeout", connectTimeout);
        Objects.requireNonNull(validationInterval, "validationInterval");
        if (validationInterval.isNegative()) {
            throw new IllegalArgumentException("validationInterval: " + validationInterval + " (expected: >= 0)");
        }
        if (statementCacheSize < 1 || statementCacheSize > MAX_STATEMENT_CACHE_SIZE) {
            throw new IllegalArgumentException("statementCacheSize: " + statementCacheSize + " (expected: 1.."
                    + MAX_STATEMENT_CACHE_SIZE + ")");
        }
    }

    /** The settings with the default statement cache size. */
    public PoolSettings(PoolMode mode, int size, int minIdle, int maxClientConnections, Duration acquireTimeout,
            Duration idleTimeout, Duration maxLifetime, Duration connectTimeout, Duration validationInterval) {
        this(mode, size, minIdle, maxClientConnections, acquireTimeout, idleTimeout, maxLifetime, connectTimeout,
                validationInterval, DEFAULT_STATEMENT_CACHE_SIZE);
    }

    /**
     * Session mode, 20 backends per pool, none kept warm, 1000 clients, a 10 s wait for a backend,
     * idle backends closed after 10 min and every backend after 1 h, 5 s to connect, and a COM_PING
     * before using a backend idle for more than 30 s; 256 prepared statements per backend.
     */
    public static PoolSettings defaults() {
        return new PoolSettings(PoolMode.SESSION, 20, 0, 1000, Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private static void requirePositive(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + ": " + duration + " (expected: positive)");
        }
    }
}
