package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.netty.buffer.ByteBuf;

/**
 * COM_INIT_DB: change the default schema, what the {@code USE} statement of the command-line client
 * sends. The proxy records the schema as replayable session state.
 *
 * <pre>
 * int&lt;1&gt;      0x02 COM_INIT_DB
 * string&lt;EOF&gt; schema name
 * </pre>
 *
 * @param schema the schema name, decoded as UTF-8
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_init_db.html">COM_INIT_DB</a>
 */
public record ComInitDb(String schema) {
    /** Decodes the whole payload, command byte included. */
    public static ComInitDb decode(ByteBuf payload) {
        CommandType.COM_INIT_DB.readCommandByte(payload);
        return new ComInitDb(BasicTypes.stringEof(payload));
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_INIT_DB.code());
        BasicTypes.writeStringEof(out, schema);
    }
}
