package io.mybouncer.proxy.session;

import io.mybouncer.proxy.pool.PassthroughPasswords;
import io.mybouncer.proxy.pool.Pool;

/**
 * A logged-in client's place in its pool ({@link SessionPools#join}): the pool its backends come
 * from and, for a passthrough user, the hold on the password that pool logs in with, given up when
 * the client leaves or changes user.
 *
 * @param pool the pool of the client's user, schema, collation and capabilities
 * @param hold the hold on the password of a passthrough user, else {@code null}
 */
record PoolMembership(Pool pool, PassthroughPasswords.Hold hold) {
    /** Gives up the password hold, if any; idempotent. */
    void leave() {
        if (hold != null) {
            hold.close();
        }
    }
}
