package io.mybouncer.proxy.pool;

/**
 * Why a backend connection was closed. The phrase goes into the log line and, later, into the
 * metric label, the way PgBouncer logs "server idle timeout" or "server lifetime over".
 */
public enum CloseReason {
    /** Idle for longer than the idle timeout while the pool held more than its minimum idle. */
    IDLE_TIMEOUT("idle timeout"),
    /** Older than the maximum lifetime; closed when it next became idle. */
    LIFETIME_OVER("lifetime over"),
    /** COM_RESET_CONNECTION failed after a client left, so the session state is unknown. */
    RESET_FAILED("reset failed"),
    /** COM_PING before reuse failed after the connection had been idle. */
    VALIDATION_FAILED("validation failed"),
    /** The backend sent bytes the proxy could not follow. */
    PROTOCOL_ERROR("protocol error from backend"),
    /** A connection opened outside the pool (a passthrough login's check) found it full. */
    POOL_FULL("pool full"),
    /** The pool was closed (shutdown or reload). */
    POOL_CLOSED("pool closed"),
    /** A reload lowered the pool size below the connections it held. */
    POOL_SHRUNK("pool size lowered by reload"),
    /** The client went away while a response was still streaming; the rest cannot be skipped safely. */
    CLIENT_DISCONNECTED_MID_RESPONSE("client disconnected mid-response"),
    /** The client sent a command the protocol does not allow while a response was still streaming. */
    CLIENT_PROTOCOL_VIOLATION("client protocol violation mid-response"),
    /** The backend closed the connection (server restart, KILL, wait_timeout, network). */
    BACKEND_CLOSED("backend closed"),
    /** The login finished only after the connect timeout had already failed the attempt. */
    CONNECT_TIMEOUT("connect timeout"),
    /** Its client's connection turned out to be used by several processes; the response in flight is cut. */
    FORK_HAZARD("fork hazard"),
    /** Bringing it to a client's session state (transaction mode's replay) failed; its state is unknown. */
    REPLAY_FAILED("state replay failed");

    private final String phrase;

    CloseReason(String phrase) {
        this.phrase = phrase;
    }

    /** A few words for a person reading the log, and the metric label value. */
    public String phrase() {
        return phrase;
    }

    @Override
    public String toString() {
        return phrase;
    }
}
