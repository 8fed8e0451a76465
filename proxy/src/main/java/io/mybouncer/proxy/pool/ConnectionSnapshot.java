package io.mybouncer.proxy.pool;

import java.time.Duration;

/**
 * One backend connection of a pool as the admin console's SHOW SERVERS lists it, taken under the
 * pool's lock.
 *
 * @param id                 the proxy's number for it, as log lines name it ({@code backend#id})
 * @param serverConnectionId the server's thread id for it: what CONNECTION_ID() and the server's
 *                           process list show
 * @param state              idle, validating, active (lent to a client) or resetting
 * @param age                since its login
 * @param idle               how long it has been idle; zero unless {@code state} is idle
 * @param statements         its prepared-statement cache ({@link PooledConnection#statementCache()})
 */
public record ConnectionSnapshot(long id, long serverConnectionId, String state, Duration age, Duration idle,
                                 String statements) {
}
