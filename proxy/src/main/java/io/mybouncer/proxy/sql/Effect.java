package io.mybouncer.proxy.sql;

/**
 * One thing a query does to session state, or depends on in it, that the backend's session trackers
 * may not report. {@link StatementClassifier} finds them in the SQL text; deciding what each means for
 * the pool (pin, keep for one read-back, replay, verify) is the caller's job.
 *
 * <p>The text says what a statement asks for, not what the server did: a failed GET_LOCK acquires
 * nothing, one RELEASE_LOCK may leave other locks held (named locks nest), and a stored procedure can do
 * anything. Effects that end state ({@link #NAMED_LOCK_RELEASE}, {@link #UNLOCK_TABLES},
 * {@link #TEMPORARY_TABLE_DROP}, ...) therefore say "the state may be gone now": check before sharing
 * the backend again.
 */
public enum Effect {
    /** Assigns a user variable: {@code SET @v = ..}, {@code @v := ..} anywhere, {@code SELECT .. INTO @v}. */
    USER_VARIABLE_WRITE,
    /** {@code SQL_CALC_FOUND_ROWS}: a later FOUND_ROWS() on this backend reads the count it leaves. */
    FOUND_ROWS_CALC,
    /** {@code FOUND_ROWS()}: reads what the previous statement on this backend left. */
    READS_FOUND_ROWS,
    /** {@code LAST_INSERT_ID()} without an argument, {@code @@last_insert_id}, {@code @@identity}. */
    READS_LAST_INSERT_ID,
    /**
     * {@code LAST_INSERT_ID(expr)}, {@code SET last_insert_id = ..}: sets the value the next
     * LAST_INSERT_ID() returns; the OK packet does not carry it.
     */
    LAST_INSERT_ID_WRITE,
    /** {@code ROW_COUNT()}: reads the previous statement's affected-row count on this backend. */
    READS_ROW_COUNT,
    /**
     * Reads the previous statement's diagnostics area on this backend: {@code SHOW WARNINGS},
     * {@code SHOW ERRORS}, {@code SHOW COUNT(*) WARNINGS}, {@code GET DIAGNOSTICS},
     * {@code @@warning_count}, {@code @@error_count}.
     */
    READS_DIAGNOSTICS,
    /** {@code GET_LOCK(..)}: a named lock held by the session until released or the session ends. */
    NAMED_LOCK_ACQUIRE,
    /** {@code RELEASE_LOCK(..)}: one level of one named lock. */
    NAMED_LOCK_RELEASE,
    /** {@code RELEASE_ALL_LOCKS()}. */
    NAMED_LOCK_RELEASE_ALL,
    /** {@code LOCK TABLE(S) ..} (MariaDB also {@code .. WAIT n}): held until UNLOCK TABLES. */
    LOCK_TABLES,
    /** {@code UNLOCK TABLE(S)}: releases LOCK TABLES and the read locks of FLUSH TABLES. */
    UNLOCK_TABLES,
    /**
     * {@code FLUSH TABLES [t, ..] WITH READ LOCK} and {@code FLUSH TABLES t, .. FOR EXPORT}: read locks
     * held by the session until UNLOCK TABLES.
     */
    GLOBAL_READ_LOCK,
    /**
     * {@code CREATE [OR REPLACE] TEMPORARY TABLE} (or MariaDB's TEMPORARY SEQUENCE). Procedures can
     * create them too, unseen here; session_track_state_change reports both.
     */
    TEMPORARY_TABLE_CREATE,
    /**
     * {@code DROP TEMPORARY TABLE}. A plain {@code DROP TABLE t} also drops a temporary t when there is
     * one, and is not reported: a pin on temporary tables can outlive them, never the reverse.
     */
    TEMPORARY_TABLE_DROP,
    /** {@code PREPARE s FROM ..}: a named SQL prepared statement lives in the session. */
    SQL_PREPARE,
    /** {@code DEALLOCATE PREPARE s}, {@code DROP PREPARE s}. */
    SQL_DEALLOCATE,
    /** {@code EXECUTE s [USING ..]}: needs the session that prepared s. */
    SQL_EXECUTE,
    /**
     * MariaDB {@code EXECUTE IMMEDIATE ..}: leaves no prepared statement behind, but runs SQL this
     * classifier never sees (treat it like {@link #CALL}).
     */
    SQL_EXECUTE_IMMEDIATE,
    /** {@code HANDLER t OPEN}: an open table handler lives in the session. */
    HANDLER_OPEN,
    /** {@code HANDLER t CLOSE}. */
    HANDLER_CLOSE,
    /**
     * Assigns a session system variable: {@code SET x}, {@code SET SESSION x}, {@code SET LOCAL x},
     * {@code SET @@x}, {@code SET @@session.x}, {@code SET @@local.x}. Not GLOBAL or PERSIST ones, and
     * not MariaDB's per-statement {@code SET STATEMENT x = .. FOR ..}. The system-variable tracker
     * reports the new value only when x is tracked.
     */
    SESSION_VARIABLE_SET,
    /** {@code SET NAMES ..}, {@code SET CHARACTER SET ..}, {@code SET CHARSET ..}. */
    CHARSET_SET,
    /**
     * {@code SET TRANSACTION ..} without a scope, or {@code SET @@transaction_isolation}
     * ({@code @@tx_isolation}, {@code @@transaction_read_only}, {@code @@tx_read_only}) without one:
     * applies to the next transaction only, and no system variable changes, so the variable tracker
     * says nothing.
     */
    NEXT_TRANSACTION_CHARACTERISTICS_SET,
    /**
     * {@code SET SESSION TRANSACTION ..}, or a session assignment of transaction_isolation,
     * tx_isolation, transaction_read_only or tx_read_only: the session's default for every later
     * transaction (reported with {@link #SESSION_VARIABLE_SET} too).
     */
    SESSION_TRANSACTION_CHARACTERISTICS_SET,
    /** {@code USE db}. */
    SCHEMA_CHANGE,
    /**
     * BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE SAVEPOINT, and assignments of
     * autocommit (which also report {@link #SESSION_VARIABLE_SET}).
     */
    TRANSACTION_CONTROL,
    /**
     * Starts a transaction that spans later statements: BEGIN [WORK], START TRANSACTION [READ ONLY |
     * READ WRITE | WITH CONSISTENT SNAPSHOT], XA START / XA BEGIN, COMMIT or ROLLBACK .. AND CHAIN, a
     * session assignment of autocommit to anything but a literal 1, ON, TRUE or 'ON' (a non-literal
     * value may be 0), and one of completion_type to anything but a literal 0, NO_CHAIN or 'NO_CHAIN'
     * (every later COMMIT would chain). Reported along with {@link #TRANSACTION_CONTROL}, {@link #XA}
     * or {@link #SESSION_VARIABLE_SET}. Statement pool mode refuses these.
     */
    TRANSACTION_START,
    /** {@code XA START/END/PREPARE/COMMIT/ROLLBACK/RECOVER}: an XA transaction belongs to the session. */
    XA,
    /** {@code CALL p(..)}: a stored procedure may do anything, also assign its OUT user variables. */
    CALL,
    /**
     * Assigns a session tracker ({@code session_track_system_variables}, {@code session_track_schema}, ..):
     * what the backend reports changes, also for the other variables of the same statement (MariaDB
     * Connector/J sets sql_mode and the tracked variable list in one SET at connect).
     */
    SESSION_TRACKING_SET,
    /**
     * The classifier could not follow the text (an unterminated string, identifier or comment) or met
     * a construct that may change session state in a way it does not model: SET ROLE, LOCK INSTANCE,
     * BACKUP STAGE, MariaDB compound statements outside stored programs, a stored program definition
     * followed by more statements. When in doubt, pin.
     */
    UNKNOWN;

    /** This effect's bit in {@link StatementEffects}. */
    int bit() {
        return 1 << ordinal();
    }
}
