package io.mybouncer.proxy.config;

/** When a client gives its backend connection back to the pool. */
public enum PoolMode {
    /** At the end of the client's session. */
    SESSION,
    /** At the end of each transaction (when no session state pins the client). */
    TRANSACTION,
    /** After each statement; multi-statement transactions are refused. */
    STATEMENT
}
