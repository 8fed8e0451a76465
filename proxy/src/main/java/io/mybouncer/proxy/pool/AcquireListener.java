package io.mybouncer.proxy.pool;

/**
 * Told how long each successful acquire waited, for the acquire-wait histogram. Called on the
 * thread that completes the acquire, outside the pool's lock; it must be cheap and thread-safe.
 */
@FunctionalInterface
public interface AcquireListener {
    /** For pools nobody measures (tests). */
    AcquireListener NONE = (key, waitNanos) -> { };

    void acquired(PoolKey key, long waitNanos);
}
