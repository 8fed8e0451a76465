package io.mybouncer.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The admin console (a virtual database on the proxy's own listeners, PgBouncer's {@code pgbouncer}
 * database) and how it shuts the proxy down.
 *
 * @param users           the client users who may run console commands; in configured mode each is a
 *                        configured user, in passthrough any account the backend accepts
 * @param shutdownTimeout how long {@code SHUTDOWN} lets clients finish their transactions before it
 *                        closes the rest; zero closes them at once
 */
public record AdminSettings(List<String> users, Duration shutdownTimeout) {
    /** The database name a client logs in to (or USEs) to reach the console instead of a pool. */
    public static final String DATABASE = "mybouncer";

    public AdminSettings {
        users = List.copyOf(users);
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout: " + shutdownTimeout + " (expected: >= 0)");
        }
    }

    /** No admin users (the console refuses every command), and 30 s for clients to finish at shutdown. */
    public static AdminSettings defaults() {
        return new AdminSettings(List.of(), Duration.ofSeconds(30));
    }

    /** Whether the database a client named is the console's. */
    public static boolean isConsole(String database) {
        return DATABASE.equals(database);
    }
}
