package io.mybouncer.proxy.pool;

import java.time.Duration;

/**
 * No backend connection became free within the acquire timeout. The message names the pool, the
 * timeout and the pool size, and — when connecting has been failing — the last connect error, so
 * the client reads "backend unreachable: Connection refused" rather than a bare timeout. The
 * session turns it into the client's ERR packet: "too many connections" style when
 * {@link #backendUnreachable()} is false, "can't connect" style when true.
 *
 * <p>No stack trace: it is an expected outcome under load, raised from a timer, and its trace
 * would only show the event loop.
 */
public final class PoolTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient PoolKey key;
    private final Duration timeout;
    private final int size;
    private final boolean paused;

    /**
     * @param lastConnectError the most recent failed connect while connects are failing, or {@code null}
     * @param paused           whether the pool was paused (the admin console's PAUSE) when the wait ended
     */
    PoolTimeoutException(PoolKey key, Duration timeout, int size, Throwable lastConnectError, boolean paused) {
        super(message(key, timeout, size, lastConnectError, paused), lastConnectError, false, false);
        this.key = key;
        this.timeout = timeout;
        this.size = size;
        this.paused = paused;
    }

    /** The pool the client waited for. */
    public PoolKey key() {
        return key;
    }

    /** How long the client waited: the acquire timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** The pool's size, all of it in use while the client waited. */
    public int size() {
        return size;
    }

    /** Whether the pool was paused when the wait ended, so nothing could be handed out. */
    public boolean paused() {
        return paused;
    }

    /** Whether connecting to the backend was failing when the wait ended (the cause is the last error). */
    public boolean backendUnreachable() {
        return getCause() != null;
    }

    private static String message(PoolKey key, Duration timeout, int size, Throwable lastConnectError,
            boolean paused) {
        String base = "no backend connection for pool " + key + " within " + timeout.toMillis() + " ms (pool size "
                + size + (paused ? ", paused" : "") + ")";
        if (lastConnectError == null) {
            return base;
        }
        String detail = lastConnectError.getMessage() != null
                ? lastConnectError.getMessage()
                : lastConnectError.getClass().getSimpleName();
        return base + "; backend unreachable: " + detail;
    }
}
