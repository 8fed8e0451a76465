package io.mybouncer.proxy.pool;

/** The pool was closed (shutdown or reload) before it could hand out a connection. */
public final class PoolClosedException extends Exception {
    private static final long serialVersionUID = 1L;

    PoolClosedException(PoolKey key) {
        super("pool " + key + " is closed", null, false, false);
    }
}
