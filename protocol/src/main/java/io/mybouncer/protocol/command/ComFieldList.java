package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.netty.buffer.ByteBuf;

/**
 * COM_FIELD_LIST: list the columns of a table, deprecated in MySQL 5.7 and still sent by the
 * {@code mariadb} command-line client when it builds its completion list (auto-rehash). The answer is
 * column definitions ended by EOF (or OK with CLIENT_DEPRECATE_EOF), without a column count.
 *
 * <pre>
 * int&lt;1&gt;      0x04 COM_FIELD_LIST
 * string&lt;NUL&gt; table
 * string&lt;EOF&gt; field wildcard (a LIKE pattern; empty means all columns)
 * </pre>
 *
 * @param table the table name
 * @param wildcard the column name pattern, empty for all columns
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_field_list.html">COM_FIELD_LIST</a>
 */
public record ComFieldList(String table, String wildcard) {
    /** Decodes the whole payload, command byte included. */
    public static ComFieldList decode(ByteBuf payload) {
        CommandType.COM_FIELD_LIST.readCommandByte(payload);
        String table = BasicTypes.stringNul(payload, "COM_FIELD_LIST table");
        return new ComFieldList(table, BasicTypes.stringEof(payload));
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_FIELD_LIST.code());
        BasicTypes.writeStringNul(out, table);
        BasicTypes.writeStringEof(out, wildcard);
    }
}
