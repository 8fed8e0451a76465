package io.mybouncer.proxy.pool;

import java.time.Duration;

/**
 * Exponential backoff between connect attempts while the backend is unreachable: 100 ms after the
 * first failure, doubling up to 5 s, back to none after a success. It also keeps the last error, so
 * a client that times out learns why (PgBouncer's "server login failed" reaches the client the same
 * way).
 *
 * <p>Not thread-safe: {@link Pool} uses it under its lock.
 */
final class ConnectBackoff {
    static final Duration INITIAL = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(5);

    private int failures;
    private long delayNanos;
    private long nextAttemptNanos;
    private Throwable lastError;

    void failed(Throwable cause, long nowNanos) {
        failures++;
        delayNanos = failures == 1 ? INITIAL.toNanos() : Math.min(delayNanos * 2, MAX.toNanos());
        nextAttemptNanos = nowNanos + delayNanos;
        lastError = cause;
    }

    void succeeded() {
        failures = 0;
        delayNanos = 0;
        lastError = null;
    }

    /** Whether the last connect attempt failed. */
    boolean isFailing() {
        return failures > 0;
    }

    /** Failed attempts since the last success. */
    int failures() {
        return failures;
    }

    /** How long until the next attempt may start; zero or less when it may start now. */
    long nanosUntilNextAttempt(long nowNanos) {
        return isFailing() ? nextAttemptNanos - nowNanos : 0;
    }

    /** The delay chosen after the last failure. */
    long delayNanos() {
        return delayNanos;
    }

    /** The error of the last failed attempt, or {@code null} while connecting works. */
    Throwable lastError() {
        return lastError;
    }
}
