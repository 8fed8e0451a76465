package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_CLOSE: deallocate a prepared statement. The server sends no response at all, so the
 * proxy must not wait for one; it also sends this itself when its per-backend statement cache evicts
 * an entry. The id can be rewritten in place with {@link StatementId#rewrite}.
 *
 * <pre>
 * int&lt;1&gt; 0x19 COM_STMT_CLOSE
 * int&lt;4&gt; statement_id
 * </pre>
 *
 * @param statementId the statement, unsigned 32-bit
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_close.html">COM_STMT_CLOSE</a>
 */
public record ComStmtClose(long statementId) {
    /** Decodes the whole payload, command byte included; trailing bytes are ignored, as the server does. */
    public static ComStmtClose decode(ByteBuf payload) {
        CommandType.COM_STMT_CLOSE.readCommandByte(payload);
        return new ComStmtClose(BasicTypes.int4(payload, "COM_STMT_CLOSE statement_id"));
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_STMT_CLOSE.code());
        BasicTypes.writeInt4(out, statementId);
    }
}
