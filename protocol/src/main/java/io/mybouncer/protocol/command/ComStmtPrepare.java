package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_PREPARE: prepare a statement; the server answers with {@link ComStmtPrepareOk} and the
 * parameter and column definitions. The proxy keeps the SQL text per client statement id, so it can
 * prepare the same statement again on whichever backend the client gets next.
 *
 * <pre>
 * int&lt;1&gt;      0x16 COM_STMT_PREPARE
 * string&lt;EOF&gt; query
 * </pre>
 *
 * @param query the SQL text, decoded as UTF-8
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">COM_STMT_PREPARE</a>
 */
public record ComStmtPrepare(String query) {
    /** Decodes the whole payload, command byte included. */
    public static ComStmtPrepare decode(ByteBuf payload) {
        CommandType.COM_STMT_PREPARE.readCommandByte(payload);
        return new ComStmtPrepare(BasicTypes.stringEof(payload));
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_STMT_PREPARE.code());
        BasicTypes.writeStringEof(out, query);
    }
}
