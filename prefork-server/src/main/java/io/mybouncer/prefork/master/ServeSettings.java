package io.mybouncer.prefork.master;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code prefork-server serve} runs.
 *
 * @param host         where the workers listen
 * @param port         the port they share; 0 lets the first worker pick a free one
 * @param workers      how many worker processes
 * @param mode         how each worker gets its database connection
 * @param db           the database and login
 * @param queryTimeout how long a worker waits for an answer before it gives its connection up
 */
public record ServeSettings(String host, int port, int workers, DbMode mode, DbLogin db, Duration queryTimeout) {
    public static final int MAX_WORKERS = 64;

    public ServeSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(db, "db");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: " + port + " (expected: 0..65535, 0 for any free port)");
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("--workers: " + workers + " (expected: 1.." + MAX_WORKERS + ")");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("--query-timeout-ms: " + queryTimeout.toMillis() + " (expected: > 0)");
        }
    }
}
