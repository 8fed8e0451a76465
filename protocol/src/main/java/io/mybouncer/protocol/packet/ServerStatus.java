package io.mybouncer.protocol.packet;

/**
 * Server status flags as carried by OK and EOF packets, with named predicates over the 16-bit value.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html">SERVER_STATUS_flags_enum</a>
 */
public record ServerStatus(int bits) {
    public static final int IN_TRANS = 1;
    public static final int AUTOCOMMIT = 1 << 1;
    public static final int MORE_RESULTS_EXISTS = 1 << 3;
    public static final int QUERY_NO_GOOD_INDEX_USED = 1 << 4;
    public static final int QUERY_NO_INDEX_USED = 1 << 5;
    /** A read-only cursor is open after COM_STMT_EXECUTE; rows come with COM_STMT_FETCH. */
    public static final int CURSOR_EXISTS = 1 << 6;
    /** The last row of an open cursor has been sent. */
    public static final int LAST_ROW_SENT = 1 << 7;
    public static final int DB_DROPPED = 1 << 8;
    public static final int NO_BACKSLASH_ESCAPES = 1 << 9;
    public static final int METADATA_CHANGED = 1 << 10;
    public static final int QUERY_WAS_SLOW = 1 << 11;
    /** The result set carries OUT parameters of a stored procedure (binary protocol). */
    public static final int PS_OUT_PARAMS = 1 << 12;
    public static final int IN_TRANS_READONLY = 1 << 13;
    /** The OK packet carries session-state-change information. */
    public static final int SESSION_STATE_CHANGED = 1 << 14;

    public ServerStatus {
        bits &= 0xFFFF;
    }

    public boolean has(int flag) {
        return (bits & flag) != 0;
    }

    public boolean inTransaction() {
        return has(IN_TRANS);
    }

    public boolean autocommit() {
        return has(AUTOCOMMIT);
    }

    public boolean moreResultsExist() {
        return has(MORE_RESULTS_EXISTS);
    }

    public boolean cursorExists() {
        return has(CURSOR_EXISTS);
    }

    public boolean lastRowSent() {
        return has(LAST_ROW_SENT);
    }

    public boolean sessionStateChanged() {
        return has(SESSION_STATE_CHANGED);
    }

    @Override
    public String toString() {
        return String.format("ServerStatus(0x%04X)", bits);
    }
}
