package io.mybouncer.proxy.pool;

import java.util.Map;

/**
 * A consistent snapshot of one pool, for the admin console and metrics: the current count per
 * connection state (together at most the pool size), the clients waiting, and running totals.
 *
 * @param connecting      connects and logins in flight
 * @param idle            ready to be handed out
 * @param validating      being pinged before being handed out
 * @param active          lent to clients
 * @param resetting       being reset after a client left
 * @param waiting         clients queued for a connection
 * @param longestWaitNanos how long the first client in the queue has waited so far; 0 when none waits
 * @param created         connections opened since the pool started
 * @param connectFailures connect attempts that failed since the pool started
 * @param closed          connections closed since the pool started, by reason (every reason present)
 * @param connectFailing  whether the last connect attempt failed (the backend looks unreachable)
 */
public record PoolStats(
        int connecting,
        int idle,
        int validating,
        int active,
        int resetting,
        int waiting,
        long longestWaitNanos,
        long created,
        long connectFailures,
        Map<CloseReason, Long> closed,
        boolean connectFailing) {

    public PoolStats {
        closed = Map.copyOf(closed);
    }

    /** Connections counted against the pool size. */
    public int total() {
        return connecting + idle + validating + active + resetting;
    }
}
