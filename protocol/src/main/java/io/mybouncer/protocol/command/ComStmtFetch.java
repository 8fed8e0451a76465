package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_FETCH: read the next rows of the cursor a COM_STMT_EXECUTE opened (flags with a cursor
 * type, answered with SERVER_STATUS_CURSOR_EXISTS). The answer is binary rows ended by EOF/OK, without
 * column definitions; SERVER_STATUS_LAST_ROW_SENT says the cursor is exhausted. A client with an open
 * cursor is pinned to its backend. The id can be rewritten in place with {@link StatementId#rewrite}.
 *
 * <pre>
 * int&lt;1&gt; 0x1C COM_STMT_FETCH
 * int&lt;4&gt; statement_id
 * int&lt;4&gt; num_rows (max rows to return)
 * </pre>
 *
 * @param statementId the statement, unsigned 32-bit
 * @param numRows how many rows at most, unsigned 32-bit
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_fetch.html">COM_STMT_FETCH</a>
 */
public record ComStmtFetch(long statementId, long numRows) {
    /** Decodes the whole payload, command byte included; trailing bytes are ignored, as the server does. */
    public static ComStmtFetch decode(ByteBuf payload) {
        CommandType.COM_STMT_FETCH.readCommandByte(payload);
        long statementId = BasicTypes.int4(payload, "COM_STMT_FETCH statement_id");
        return new ComStmtFetch(statementId, BasicTypes.int4(payload, "COM_STMT_FETCH num_rows"));
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_STMT_FETCH.code());
        BasicTypes.writeInt4(out, statementId);
        BasicTypes.writeInt4(out, numRows);
    }
}
