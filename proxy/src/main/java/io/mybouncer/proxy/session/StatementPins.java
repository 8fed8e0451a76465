package io.mybouncer.proxy.session;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.proxy.tracking.PinReason;
import io.mybouncer.proxy.tracking.SessionStateTracker;
import java.util.HashSet;
import java.util.Set;

/**
 * Which of a client's binary-protocol statements keep it on its backend in transaction and statement modes:
 * an open cursor, until its last row is fetched or the statement is reset or closed; long data, until the
 * execute consumes it or a reset clears it. {@link PinReason#PREPARED_STATEMENT} holds while any does.
 * Statements are the client's ids. Confined to the client's event loop.
 */
final class StatementPins {
    private final SessionStateTracker sessionState;
    private final Set<Long> cursors = new HashSet<>(0);
    private final Set<Long> longData = new HashSet<>(0);

    StatementPins(SessionStateTracker sessionState) {
        this.sessionState = sessionState;
    }

    /** COM_STMT_SEND_LONG_DATA for {@code statement}, which has no response. */
    void longDataSent(long statement) {
        longData.add(statement);
        sessionState.pin(PinReason.PREPARED_STATEMENT);
    }

    /** COM_STMT_CLOSE for {@code statement}: its cursor and long data go with it. */
    void closed(long statement) {
        longData.remove(statement);
        cursors.remove(statement);
        unpinIfDone();
    }

    /** The response to a command naming {@code statement} (or to the client's own reset) ended. */
    void responseEnded(CommandType command, long statement, ResponseEnd end) {
        switch (command) {
            case COM_STMT_EXECUTE -> {
                longData.remove(statement);
                if (end.cursorOpen()) {
                    cursors.add(statement);
                    sessionState.pin(PinReason.PREPARED_STATEMENT);
                } else {
                    cursors.remove(statement);
                }
            }
            case COM_STMT_FETCH -> {
                if (!end.isError() && !end.cursorOpen()) {
                    cursors.remove(statement);
                }
            }
            case COM_STMT_RESET -> {
                if (!end.isError()) {
                    longData.remove(statement);
                    cursors.remove(statement);
                }
            }
            case COM_RESET_CONNECTION -> {
                if (!end.isError()) {
                    clear();
                }
            }
            default -> {
                return;
            }
        }
        unpinIfDone();
    }

    /** A fresh session (a change of user) has none. */
    void clear() {
        cursors.clear();
        longData.clear();
    }

    private void unpinIfDone() {
        if (longData.isEmpty() && cursors.isEmpty()) {
            sessionState.unpin(PinReason.PREPARED_STATEMENT);
        }
    }
}
