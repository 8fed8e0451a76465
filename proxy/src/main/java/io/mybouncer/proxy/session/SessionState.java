package io.mybouncer.proxy.session;

/**
 * Where a client session is (PgBouncer's client states): each maps to a gauge later.
 */
public enum SessionState {
    /** Logged in, holding no backend. */
    IDLE,
    /** A command arrived; waiting for the pool to hand out a backend. */
    WAITING,
    /** Holding a backend (session mode: until the client leaves or changes user). */
    ACTIVE,
    /**
     * A command overlapped a response in flight: the command and the response wait while the
     * operating system is asked whether one process or several hold the connection.
     */
    CHECKING,
    /** The connection is used by several processes: it holds no backend, and every command gets an ERR. */
    FORK_HAZARD,
    /** Authenticating a COM_CHANGE_USER; the backend has been given back. */
    CHANGING_USER,
    /** Going away: the client left or an error ended the session. */
    CLOSED
}
