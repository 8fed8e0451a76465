package io.mybouncer.proxy.statements;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.proxy.frontend.ProxyError;

/**
 * What the server does with a statement command that names an id the client has not prepared (or
 * closed, or id -1 when nothing was prepared last), so the proxy answers the same way: an ERR
 * {@link ProxyError#UNKNOWN_STATEMENT} naming the server function, or, for the commands that have
 * no response, nothing at all.
 *
 * <p>Checked on MariaDB 10.11: COM_STMT_EXECUTE, COM_STMT_FETCH and COM_STMT_RESET get 1243
 * "Unknown prepared statement handler (77) given to mysqld_stmt_execute" (resp. mysqld_stmt_fetch,
 * mysqld_stmt_reset), the id printed as sent, unsigned (4294967295 for -1);
 * COM_STMT_SEND_LONG_DATA and COM_STMT_CLOSE are dropped silently.
 */
public final class UnknownStatement {
    private UnknownStatement() {
    }

    /** Whether the server answers {@code command} with an ERR for an unknown id; if not, drop the command. */
    public static boolean answered(CommandType command) {
        return handler(command) != null;
    }

    /**
     * The arguments of {@link ProxyError#UNKNOWN_STATEMENT} for {@code command} naming {@code id}:
     * {@code ProxyError.UNKNOWN_STATEMENT.toPacket(alloc, 1, UnknownStatement.errorArguments(command, id))}.
     *
     * @param id the statement id as the client sent it
     * @throws IllegalArgumentException for a command that is not {@link #answered}
     */
    public static Object[] errorArguments(CommandType command, long id) {
        String handler = handler(command);
        if (handler == null) {
            throw new IllegalArgumentException(command + " has no response");
        }
        return new Object[] {id, handler};
    }

    /** The server function the message names, as in sql_prepare.cc; null for a command without a response. */
    private static String handler(CommandType command) {
        switch (command) {
            case COM_STMT_EXECUTE:
                return "mysqld_stmt_execute";
            case COM_STMT_FETCH:
                return "mysqld_stmt_fetch";
            case COM_STMT_RESET:
                return "mysqld_stmt_reset";
            case COM_STMT_SEND_LONG_DATA:
            case COM_STMT_CLOSE:
                return null;
            default:
                throw new IllegalArgumentException(command + " names no prepared statement");
        }
    }
}
