package io.mybouncer.proxy.pool;

import io.mybouncer.proxy.config.PoolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool's periodic maintenance rules, after PgBouncer's {@code janitor.c}: which idle
 * connections to close — past the maximum lifetime, or idle past the idle timeout while more than
 * the minimum stay idle, longest idle first — and how many to open so the minimum idle is warm
 * before clients ask. It only decides; {@link Pool#runMaintenance()} applies the decisions under
 * the pool's lock and does the I/O afterwards, every {@link #PERIOD}.
 *
 * <p>Lifetime is enforced only on idle connections (and on release): a client's session is never
 * cut because its backend grew old.
 */
final class PoolJanitor {
    /** How often maintenance runs: timeouts are minutes and lifetimes hours, so a second is precise enough. */
    static final Duration PERIOD = Duration.ofSeconds(1);

    /** An idle connection to close, and why. */
    record Expiry(PoolEntry entry, CloseReason reason) {
    }

    private final int size;
    private final int minIdle;
    private final long idleTimeoutNanos;
    private final long maxLifetimeNanos;

    PoolJanitor(PoolSettings settings) {
        this.size = settings.size();
        this.minIdle = settings.minIdle();
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
        this.maxLifetimeNanos = settings.maxLifetime().toNanos();
    }

    boolean lifetimeOver(PoolEntry entry, long nowNanos) {
        return nowNanos - entry.bornNanos >= maxLifetimeNanos;
    }

    /** The idle connections to close now, given all idle ones longest idle first. */
    List<Expiry> expired(List<PoolEntry> idleOldestFirst, long nowNanos) {
        List<Expiry> expired = new ArrayList<>();
        int idleLeft = idleOldestFirst.size();
        for (PoolEntry entry : idleOldestFirst) {
            if (lifetimeOver(entry, nowNanos)) {
                expired.add(new Expiry(entry, CloseReason.LIFETIME_OVER));
                idleLeft--;
            } else if (idleLeft > minIdle && nowNanos - entry.idleSinceNanos >= idleTimeoutNanos) {
                expired.add(new Expiry(entry, CloseReason.IDLE_TIMEOUT));
                idleLeft--;
            }
        }
        return expired;
    }

    /** How many connects to start so that idle plus connecting reaches the minimum, within the size. */
    int warmUps(int idle, int connecting, int total) {
        return Math.max(0, Math.min(minIdle - idle - connecting, size - total));
    }
}
