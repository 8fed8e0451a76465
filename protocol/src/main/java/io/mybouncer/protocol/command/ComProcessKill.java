package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.netty.buffer.ByteBuf;

/**
 * COM_PROCESS_KILL: ask the server to end a connection. Deprecated in MySQL 5.7.11 in favour of the
 * {@code KILL} statement; MariaDB Connector/C's {@code mysql_kill()} already sends {@code KILL <id>}
 * as a COM_QUERY. Under a pooler the id is a backend connection id, so the proxy handles or refuses
 * the command instead of forwarding it.
 *
 * <pre>
 * int&lt;1&gt; 0x0C COM_PROCESS_KILL
 * int&lt;4&gt; connection_id
 * </pre>
 *
 * @param connectionId the connection to kill, unsigned 32-bit
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_process_kill.html">COM_PROCESS_KILL</a>
 */
public record ComProcessKill(long connectionId) {
    /** Decodes the whole payload, command byte included; trailing bytes are ignored, as the server does. */
    public static ComProcessKill decode(ByteBuf payload) {
        CommandType.COM_PROCESS_KILL.readCommandByte(payload);
        return new ComProcessKill(BasicTypes.int4(payload, "COM_PROCESS_KILL connection_id"));
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_PROCESS_KILL.code());
        BasicTypes.writeInt4(out, connectionId);
    }
}
