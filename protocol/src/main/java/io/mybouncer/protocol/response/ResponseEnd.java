package io.mybouncer.protocol.response;

import io.mybouncer.protocol.packet.ServerStatus;
import java.util.List;

/**
 * How a command's response ended, as the {@link ResponseTracker} saw it: what the proxy needs to
 * decide whether the backend may be shared again.
 *
 * @param kind what ended the response
 * @param status the status flags of the last OK or EOF, or {@code null} when the response carries
 *     none: an ERR end (an ERR packet has no status flags, so the session's transaction state is
 *     whatever it was before the command), COM_STATISTICS, a command without response, and a
 *     COM_STMT_PREPARE answered without EOF packets
 * @param affectedRows from the final OK; 0 otherwise
 * @param lastInsertId from the final OK; 0 otherwise
 * @param warnings from the final OK or EOF; 0 otherwise
 * @param sessionStateChanges every session-state entry of every OK in the response, in order (a
 *     multi-statement query reports one OK per statement), including those before an ERR
 * @param errorCode the ERR's error code; 0 unless {@code kind} is ERR
 * @param sqlState the ERR's SQLSTATE, or {@code null} (not an ERR, or an ERR without the marker)
 * @param errorMessage the ERR's message, or {@code null} unless {@code kind} is ERR
 * @param statementId the new statement's id for {@link Kind#PREPARED}; -1 otherwise
 */
public record ResponseEnd(Kind kind, ServerStatus status, long affectedRows, long lastInsertId, int warnings,
                          List<SessionStateChange> sessionStateChanges, int errorCode, String sqlState,
                          String errorMessage, long statementId) {
    /** What ended a response. */
    public enum Kind {
        /** An OK packet: header 0x00, or the 0xFE OK that ends rows under CLIENT_DEPRECATE_EOF. */
        OK,
        /** An EOF packet: after rows, COM_FIELD_LIST, COM_SET_OPTION or COM_DEBUG, or an opened cursor. */
        EOF,
        /** An ERR packet (not a MariaDB progress report). */
        ERR,
        /** COM_STMT_PREPARE succeeded. */
        PREPARED,
        /** The COM_STATISTICS text. */
        STATISTICS,
        /** The command has no response. */
        NONE
    }

    private static final long NO_STATEMENT = -1;

    public ResponseEnd {
        sessionStateChanges = List.copyOf(sessionStateChanges);
    }

    public static ResponseEnd ok(ServerStatus status, long affectedRows, long lastInsertId, int warnings,
                                 List<SessionStateChange> changes) {
        return new ResponseEnd(Kind.OK, status, affectedRows, lastInsertId, warnings, changes, 0, null, null,
                NO_STATEMENT);
    }

    public static ResponseEnd eof(ServerStatus status, int warnings, List<SessionStateChange> changes) {
        return new ResponseEnd(Kind.EOF, status, 0, 0, warnings, changes, 0, null, null, NO_STATEMENT);
    }

    public static ResponseEnd err(int errorCode, String sqlState, String message, List<SessionStateChange> changes) {
        return new ResponseEnd(Kind.ERR, null, 0, 0, 0, changes, errorCode, sqlState, message, NO_STATEMENT);
    }

    public static ResponseEnd prepared(long statementId, ServerStatus status, int warnings) {
        return new ResponseEnd(Kind.PREPARED, status, 0, 0, warnings, List.of(), 0, null, null, statementId);
    }

    public static ResponseEnd statistics() {
        return new ResponseEnd(Kind.STATISTICS, null, 0, 0, 0, List.of(), 0, null, null, NO_STATEMENT);
    }

    public static ResponseEnd none() {
        return new ResponseEnd(Kind.NONE, null, 0, 0, 0, List.of(), 0, null, null, NO_STATEMENT);
    }

    public boolean isError() {
        return kind == Kind.ERR;
    }

    /** True when the final status says a transaction is open; false when unknown (see {@code status}). */
    public boolean inTransaction() {
        return status != null && status.inTransaction();
    }

    /** True when COM_STMT_EXECUTE left a cursor open (rows still to fetch). */
    public boolean cursorOpen() {
        return status != null && status.cursorExists();
    }
}
