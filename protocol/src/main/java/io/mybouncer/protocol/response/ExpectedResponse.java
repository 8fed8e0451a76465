package io.mybouncer.protocol.response;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * What the response to a command looks like, derived from the first bytes of the command payload:
 * the context without which 0x00, 0xFB and 0xFE at the start of a response packet cannot be read
 * (r2dbc-mysql's {@code DecodeContext} plays the same part).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html">Command Phase</a>
 */
public enum ExpectedResponse {
    /** COM_QUIT, COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA: the server sends nothing. */
    NONE(false, false),
    /** COM_PING, COM_INIT_DB, COM_RESET_CONNECTION, COM_STMT_RESET, COM_PROCESS_KILL, ...: OK or ERR. */
    OK(false, false),
    /** COM_SET_OPTION, COM_DEBUG, COM_SHUTDOWN: EOF (OK with header 0xFE under CLIENT_DEPRECATE_EOF), OK or ERR. */
    EOF(false, false),
    /** COM_QUERY: OK, ERR, a LOCAL INFILE request or text result sets, possibly several. */
    TEXT_RESULT(false, true),
    /** COM_STMT_EXECUTE without a cursor: OK, ERR or binary result sets (several for CALL). */
    BINARY_RESULT(true, true),
    /**
     * COM_STMT_EXECUTE with CURSOR_TYPE_READ_ONLY: as {@link #BINARY_RESULT}, except that column
     * definitions followed by a terminator with SERVER_STATUS_CURSOR_EXISTS end the response; the rows
     * then come with COM_STMT_FETCH.
     */
    BINARY_RESULT_CURSOR(true, true),
    /** COM_STMT_FETCH: binary rows then a terminator (CURSOR_EXISTS or LAST_ROW_SENT), or ERR. */
    FETCH(true, false),
    /** COM_STMT_PREPARE: prepare-OK with parameter and column definitions, or ERR. */
    PREPARE(false, false),
    /** COM_FIELD_LIST: column definitions then a terminator, or ERR. */
    FIELD_LIST(false, false),
    /** COM_STATISTICS: one packet of text whose first byte is not a header. */
    STATISTICS(false, false),
    /** COM_CHANGE_USER: an authentication exchange (AuthSwitchRequest, AuthMoreData) ending in OK or ERR. */
    AUTHENTICATION(false, false);

    /** COM_STMT_EXECUTE flags bit that asks for a read-only cursor. */
    public static final int CURSOR_TYPE_READ_ONLY = 0x01;
    /** Offset of the flags byte in a COM_STMT_EXECUTE payload: command byte, then int<4> statement id. */
    private static final int EXECUTE_FLAGS_OFFSET = 5;

    private final boolean binaryRows;
    private final boolean multipleResults;

    ExpectedResponse(boolean binaryRows, boolean multipleResults) {
        this.binaryRows = binaryRows;
        this.multipleResults = multipleResults;
    }

    /** True when rows use the binary protocol (every row starts with 0x00). */
    public boolean binaryRows() {
        return binaryRows;
    }

    /** True when SERVER_MORE_RESULTS_EXISTS in a terminator means another result follows. */
    public boolean multipleResults() {
        return multipleResults;
    }

    /**
     * The expected response to the command whose first packet's payload is given (read at its reader
     * index, which is not moved).
     *
     * @throws ProtocolException for an empty payload or a COM_STMT_EXECUTE too short to hold its flags
     * @throws IllegalArgumentException for replication commands, whose answer is an open-ended
     *     stream: the proxy refuses them before they reach a backend
     */
    public static ExpectedResponse of(ByteBuf commandPayload) {
        if (!commandPayload.isReadable()) {
            throw new ProtocolException("command: empty payload (expected: a command byte)");
        }
        int start = commandPayload.readerIndex();
        CommandType command = CommandType.of(commandPayload.getUnsignedByte(start));
        if (command == null) {
            // The server answers an unknown command byte with ERR 1047 "Unknown command".
            return OK;
        }
        if (command.kind() == CommandType.Kind.REPLICATION) {
            throw new IllegalArgumentException(command + " cannot be tracked: refuse it before forwarding");
        }
        switch (command) {
            case COM_QUIT:
            case COM_STMT_CLOSE:
            case COM_STMT_SEND_LONG_DATA:
                return NONE;
            case COM_QUERY:
            case COM_PROCESS_INFO:
                return TEXT_RESULT;
            case COM_STMT_EXECUTE:
                if (commandPayload.readableBytes() <= EXECUTE_FLAGS_OFFSET) {
                    throw ProtocolException.at("COM_STMT_EXECUTE", "flags", EXECUTE_FLAGS_OFFSET,
                            "payload of " + commandPayload.readableBytes() + " bytes", "at least 6 bytes");
                }
                int flags = commandPayload.getUnsignedByte(start + EXECUTE_FLAGS_OFFSET);
                return (flags & CURSOR_TYPE_READ_ONLY) != 0 ? BINARY_RESULT_CURSOR : BINARY_RESULT;
            case COM_STMT_BULK_EXECUTE:
                return BINARY_RESULT;
            case COM_STMT_FETCH:
                return FETCH;
            case COM_STMT_PREPARE:
                return PREPARE;
            case COM_FIELD_LIST:
                return FIELD_LIST;
            case COM_STATISTICS:
                return STATISTICS;
            case COM_CHANGE_USER:
                return AUTHENTICATION;
            case COM_SET_OPTION:
            case COM_DEBUG:
            case COM_SHUTDOWN:
                return EOF;
            default:
                // COM_PING, COM_INIT_DB, COM_RESET_CONNECTION, COM_STMT_RESET, COM_PROCESS_KILL,
                // COM_REFRESH, COM_CREATE_DB, COM_DROP_DB, and the internal codes the server rejects.
                return OK;
        }
    }
}
