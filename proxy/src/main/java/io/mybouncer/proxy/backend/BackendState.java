package io.mybouncer.proxy.backend;

/**
 * What a backend connection is doing. The pool keeps its own idle/active bookkeeping; this is the
 * connection's view, which decides where response packets go.
 */
public enum BackendState {
    /** Logged in, no client, no command in flight. */
    IDLE,
    /** Running one of the proxy's own commands (reset, ping); its response is consumed here. */
    INTERNAL_COMMAND,
    /** Attached to a client: responses are relayed to its {@link ResponseSink}. */
    RELAYING,
    /** Closed or closing: nothing more is sent. */
    CLOSED
}
