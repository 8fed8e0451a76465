package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_RESET: discard the long data sent for a statement with COM_STMT_SEND_LONG_DATA and close
 * its cursor. Answered with OK or ERR. It ends the states that pin a client to its backend (long data,
 * an open cursor) for that statement. The id can be rewritten in place with {@link StatementId#rewrite}.
 *
 * <pre>
 * int&lt;1&gt; 0x1A COM_STMT_RESET
 * int&lt;4&gt; statement_id
 * </pre>
 *
 * @param statementId the statement, unsigned 32-bit
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_reset.html">COM_STMT_RESET</a>
 */
public record ComStmtReset(long statementId) {
    /** Decodes the whole payload, command byte included; trailing bytes are ignored, as the server does. */
    public static ComStmtReset decode(ByteBuf payload) {
        CommandType.COM_STMT_RESET.readCommandByte(payload);
        return new ComStmtReset(BasicTypes.int4(payload, "COM_STMT_RESET statement_id"));
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_STMT_RESET.code());
        BasicTypes.writeInt4(out, statementId);
    }
}
