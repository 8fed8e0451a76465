package io.mybouncer.proxy.tracking;

import java.util.Locale;

/**
 * Why a client keeps its backend between transactions: session state that another client could observe and
 * that the proxy cannot replay on another backend. Each value is a metric label and a word in the admin
 * console's SHOW CLIENTS.
 */
public enum PinReason {
    /** {@code SET @v}, {@code @v :=}, {@code SELECT .. INTO @v}: user variables live in the session. Lifted by a reset. */
    USER_VARIABLE,
    /** A temporary table the client created; lifted when it drops the last one it created, or by a reset. */
    TEMPORARY_TABLE,
    /** GET_LOCK: a named lock held by the session; lifted by RELEASE_ALL_LOCKS() or releasing every lock taken. */
    NAMED_LOCK,
    /** LOCK TABLES or FLUSH TABLES .. WITH READ LOCK; lifted by UNLOCK TABLES. */
    TABLE_LOCK,
    /** {@code PREPARE s FROM ..}: an SQL-level prepared statement; lifted by a reset. */
    SQL_PREPARED_STATEMENT,
    /** {@code HANDLER t OPEN}; lifted when every handler opened is closed. */
    HANDLER,
    /** An XA transaction belongs to the session; lifted by a reset. */
    XA_TRANSACTION,
    /** {@code SET TRANSACTION ..} for the next transaction only; lifted once that transaction has begun. */
    NEXT_TRANSACTION,
    /** SQL_CALC_FOUND_ROWS: the backend is kept for the statement after, which may read FOUND_ROWS(). */
    FOUND_ROWS,
    /** {@code LAST_INSERT_ID(expr)}: sets a value no OK packet carries; lifted by a reset. */
    LAST_INSERT_ID,
    /** A binary-protocol statement the proxy does not route across backends (or a cursor open on one). */
    PREPARED_STATEMENT,
    /** COM_SET_OPTION changed whether the backend accepts several statements per query. */
    SESSION_OPTION,
    /**
     * The client chose a default schema in a pool whose login named none: no command unsets a schema, so
     * the backend cannot serve the pool's other clients again and stays until the client leaves.
     */
    SCHEMA_CHOSEN,
    /** The client changed the session trackers the proxy depends on (session_track_*). */
    SESSION_TRACKING,
    /**
     * The backend reported a state change the proxy cannot classify (a procedure creating a temporary table,
     * SET STATEMENT, variables the client cannot set back), or the SQL could not be followed: when in doubt, pin.
     */
    UNTRACKED_STATE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The metric label and console word. */
    public String label() {
        return label;
    }
}
